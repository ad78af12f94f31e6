/**
 * Which browser this build is for. The one name for it in the product and in the tests
 * (tests/lab/scenarios.ts imports the type): Chromium stands for Chrome, Edge and Brave alike.
 */
export type BrowserName = 'chromium' | 'firefox';

/** WXT sets `import.meta.env.FIREFOX` at build time (`wxt build -b firefox`). */
export function currentBrowser(): BrowserName {
  return import.meta.env.FIREFOX ? 'firefox' : 'chromium';
}
