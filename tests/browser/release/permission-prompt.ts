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

type Colour = [number, number, number];

const near = (pixel: Colour, colour: Colour) => pixel.every((value, index) => Math.abs(value - colour[index]!) <= 2);

/** Where the Allow button is, if the dialog is on screen. */
async function findAllow(display: VirtualDisplay): Promise<{ x: number; y: number } | undefined> {
  const screen = await display.capture();
  const xs: number[] = [];
  const ys: number[] = [];
  let deny = 0;
  for (let y = 0; y < screen.height; y++) {
    for (let x = 0; x < screen.width; x++) {
      const pixel = screen.pixel(x, y);
      if (near(pixel, ALLOW_FILL)) {
        xs.push(x);
        ys.push(y);
      } else if (near(pixel, DENY_FILL)) deny++;
    }
  }
  if (xs.length < MIN_BUTTON_PIXELS || deny < MIN_BUTTON_PIXELS) return undefined;
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
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
