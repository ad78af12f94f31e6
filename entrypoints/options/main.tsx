import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import { createOptionsStore, followStorage } from '../../utils/options/store';

const store = createOptionsStore();
followStorage(store);
void store.getState().load();
render(<OptionsApp store={store} />, document.getElementById('app')!);
