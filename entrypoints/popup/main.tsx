import { render } from 'preact';
import { PopupApp } from '../../components/PopupApp';
import { PopupContext } from '../../components/use-popup';
import { announceViewer } from '../../utils/capture/viewers';
import { createPopupStore } from '../../utils/popup/store';

announceViewer();
const store = createPopupStore();
void store.getState().start(new URLSearchParams(location.search).get('origin'));
render(
  <PopupContext.Provider value={store}>
    <PopupApp />
  </PopupContext.Provider>,
  document.getElementById('app')!,
);
