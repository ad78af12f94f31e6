import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { StoreApi } from 'zustand/vanilla';

/**
 * A slice of a Zustand store, for a Preact component: the component renders again when its slice
 * changes (`Object.is`), as zustand's own `useStore` does. Why not that one: it imports React's default
 * export, which Preact provides through its whole compatibility layer (`preact/compat`, aliased for
 * `react` by @preact/preset-vite): 8.5 kB of the minified script the popup loads (3.3 kB gzipped),
 * measured with the build's source map, for this one hook (the popup's budget is 40 KiB gzipped:
 * docs/testing.md). Subscribed in a layout effect, and checked once there, so a change between the
 * render and the subscription is not missed (how `useSyncExternalStore` does it in preact/compat's
 * hooks).
 */
export function useStoreSlice<State, Slice>(store: StoreApi<State>, selector: (state: State) => Slice): Slice {
  const [, renderAgain] = useReducer((renders: number) => renders + 1, 0);
  const slice = selector(store.getState());
  // The latest render's selector and slice, for the subscription made at the first.
  const latest = useRef({ selector, slice });
  latest.current = { selector, slice };
  useLayoutEffect(() => {
    const compare = () => {
      if (!Object.is(latest.current.selector(store.getState()), latest.current.slice)) renderAgain(0);
    };
    compare();
    return store.subscribe(compare);
  }, [store]);
  return slice;
}
