import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { PopupContext } from '../../components/use-popup';
import { createPopupStore } from '../../utils/popup/store';

const store = createPopupStore();
void store.getState().start(new URLSearchParams(location.search).get('origin'));
render(
  <PopupContext.Provider value={store}>
    <PopupApp />
  </PopupContext.Provider>,
  document.getElementById('app')!,
);
