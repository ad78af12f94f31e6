import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * The element that last had the keyboard's focus, and the part of the page it was in (its nearest
 * `data-focus-home`), noted as focus moves. Once a render removes that element, the focus falls to the
 * page's body and the keyboard starts again from the top: after Stop watching's confirmation, Clear
 * and reload, and the options page's Save and Remove (found by reviews).
 */
let lastFocused: Element | undefined;
let lastHome: Element | null = null;
document.addEventListener('focusin', (event) => {
  lastFocused = event.target as Element;
  lastHome = lastFocused.closest('[data-focus-home]');
});

/**
 * Gives the focus to `target`, once it is rendered and can take it, when the focus was lost: the
 * element that had it is gone and nothing has it. With `home` (an element with `data-focus-home`), only
 * when the element lost was in it: of several sites' fields, the one used takes the focus back.
 * (https://www.w3.org/WAI/ARIA/apg/practices/keyboard-interface/, on where focus goes when the focused element is removed.)
 */
export function useTakeLostFocus(target: RefObject<HTMLElement | null>, home?: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = target.current;
    if (!element || !lastFocused || lastFocused.isConnected || document.activeElement !== document.body) return;
    if (home && lastHome !== home.current) return;
    element.focus();
  });
}
