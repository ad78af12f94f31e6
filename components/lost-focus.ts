import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * The element that last had the keyboard's focus, and the part of the page it was in (the value of its
 * nearest `data-focus-home`), noted as focus moves. Once a render removes that element, the focus falls
 * to the page's body and the keyboard starts again from the top: after Stop watching's confirmation,
 * Clear and reload, and the options page's Save and Remove (found by reviews). A click elsewhere
 * forgets it: a control removed later, which nobody was on, takes nobody's focus.
 */
let lastFocused: Element | undefined;
let lastHome: string | null = null;
document.addEventListener('focusin', (event) => {
  lastFocused = event.target as Element;
  lastHome = lastFocused.closest('[data-focus-home]')?.getAttribute('data-focus-home') ?? null;
});
document.addEventListener('pointerdown', () => (lastFocused = undefined), true);

/**
 * Where a lost focus is taken from: only from inside the part of the page named `home` (of several
 * sites' fields, the one used takes it back), or from anywhere but the part named `notHome`. By name,
 * not by element: a part drawn again elsewhere (a card that moved) is the same part.
 */
export type FocusFrom = { home: string } | { notHome: string } | Record<string, never>;

/**
 * Gives the focus to `target`, once it is rendered and can take it, when the focus was lost: the
 * element that had it is gone and nothing has it (https://www.w3.org/WAI/ARIA/apg/practices/
 * keyboard-interface/, on where focus goes when the focused element is removed).
 */
export function useTakeLostFocus(target: RefObject<HTMLElement | null>, from: FocusFrom = {}): void {
  useEffect(() => {
    const element = target.current;
    if (!element || !lastFocused || lastFocused.isConnected || document.activeElement !== document.body) return;
    if ('home' in from && lastHome !== from.home) return;
    if ('notHome' in from && lastHome === from.notHome) return;
    element.focus();
  });
}
