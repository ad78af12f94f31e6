import type { VirtualDisplay } from './xvfb';

/**
 * Chromium's '"Immich Doctor" has requested additional permissions' dialog (Chromium 156, light
 * theme), as a user sees it: Deny is the focused, filled button and Allow the tonal one beside it.
 * It is drawn by the browser, not by a page, so no DevTools protocol can reach it: the test finds the
 * Allow button on screen by its colour and clicks it with the real pointer.
 */
const ALLOW_FILL: Colour = [211, 227, 253];
const DENY_FILL: Colour = [13, 80, 187];
/** Both buttons are about 70 × 36 px; fewer matching pixels is anti-aliasing or something else. */
const MIN_BUTTON_PIXELS = 400;
/** Farther from a button's centre than this is not that button. */
const BUTTON_REACH = 60;

type Colour = [number, number, number];

const near = (pixel: Colour, colour: Colour) => pixel.every((value, index) => Math.abs(value - colour[index]!) <= 2);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

/**
 * Where the Allow button is, if the dialog is on screen: the Deny button first (its filled colour is
 * rarer than Allow's tonal one, which Chrome's own frame may also use), then Allow's colour only on
 * Deny's row and to its right, so nothing else of that colour on screen can move the click.
 */
async function findAllow(display: VirtualDisplay): Promise<{ x: number; y: number } | undefined> {
  const screen = await display.capture();
  const deny: Array<[number, number]> = [];
  for (let y = 0; y < screen.height; y++) {
    for (let x = 0; x < screen.width; x++) if (near(screen.pixel(x, y), DENY_FILL)) deny.push([x, y]);
  }
  if (deny.length < MIN_BUTTON_PIXELS) return undefined;
  const centre = { x: median(deny.map(([x]) => x)), y: median(deny.map(([, y]) => y)) };
  const button = deny.filter(([x, y]) => Math.abs(x - centre.x) < BUTTON_REACH && Math.abs(y - centre.y) < BUTTON_REACH);
  const right = Math.max(...button.map(([x]) => x));
  const top = Math.min(...button.map(([, y]) => y));
  const bottom = Math.max(...button.map(([, y]) => y));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = top; y <= bottom; y++) {
    for (let x = right + 1; x < Math.min(screen.width, right + 3 * BUTTON_REACH); x++) {
      if (near(screen.pixel(x, y), ALLOW_FILL)) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < MIN_BUTTON_PIXELS) return undefined;
  return { x: median(xs), y: median(ys) };
}

/**
 * Waits for the permission dialog and clicks Allow. Throws (leaving a screenshot) if it never shows:
 * the caller then knows the browser did not ask, rather than that the user refused.
 */
export async function clickAllow(display: VirtualDisplay, screenshotOnFailure: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const allow = await findAllow(display);
    if (allow) return display.click(allow.x, allow.y);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await display.screenshot(screenshotOnFailure);
  throw new Error(`Chromium's permission dialog never showed an Allow button (screen saved to ${screenshotOnFailure})`);
}

/** Whether the dialog is on screen now (for "the browser did not ask again" checks). */
export async function promptShown(display: VirtualDisplay): Promise<boolean> {
  return (await findAllow(display)) !== undefined;
}
