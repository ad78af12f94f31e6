import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PopupActions, PopupState, PopupStore } from '../utils/popup/store';
import { useStoreSlice } from './use-store-slice';

export const PopupContext = createContext<PopupStore | null>(null);

/** Reads the popup store from the nearest provider; components re-render only when their slice changes. */
export function usePopup<T>(selector: (state: PopupState & PopupActions) => T): T {
  const store = useContext(PopupContext);
  if (!store) throw new Error('usePopup outside <PopupContext.Provider>');
  return useStoreSlice(store, selector);
}
