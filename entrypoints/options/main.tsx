import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import { announceViewer } from '../../utils/capture/viewers';
import { createOptionsStore, followStorage } from '../../utils/options/store';

announceViewer();
const store = createOptionsStore();
followStorage(store);
void store.getState().load();
render(<OptionsApp store={store} />, document.getElementById('app')!);
