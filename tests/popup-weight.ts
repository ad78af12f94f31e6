import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The popup's JavaScript weight target: what `popup.html` loads, gzipped at level 9, at most 40 KiB
 * (the server checks' code is loaded only when they run). Held by tests/browser/release/popup-weight.spec.ts
 * and reported by the bench (tests/bench/popup.bench.spec.ts).
 */
export const POPUP_WEIGHT_LIMIT_KIB = 40;

/** The chunks a build's `popup.html` loads, and their gzipped size in KiB, for the build in `buildDir`. */
export function popupWeight(buildDir: string): { kibibytes: number; scripts: string[] } {
  const html = readFileSync(join(buildDir, 'popup.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(chunks\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(buildDir, file)), { level: 9 }).length, 0);
  return { kibibytes: bytes / 1024, scripts };
}
