import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The CPU time of one Chromium process, read from Linux's /proc, for the page-load bench.
 *
 * Which process: Chromium runs every page of an extension, its background service worker included, in
 * one renderer of its own, started with `--extension-process` (Chromium's switches::kExtensionProcess,
 * given to a renderer only when it hosts an extension). With Playwright's defaults (component
 * extensions with background pages disabled) and one extension loaded, a browser has exactly one such
 * renderer, and that is the extension's (measured: the test build loaded in Debian's Chromium 156 gives
 * one). Every renderer's command line carries its browser's `--user-data-dir`, so a bench that gives
 * each browser a profile folder of its own can tell several browsers' extension processes apart.
 *
 * Why /proc rather than DevTools' `SystemInfo.getProcessInfo`: that command needs a browser-level
 * session, which Playwright's persistent contexts (the only way to load an extension) do not offer, and
 * on Linux Chromium computes its `cpuTime` from the same file (ProcessMetrics::GetCumulativeCPUUsage).
 */

/** The kernel's clock ticks per second (`utime` and `stime` are counted in them: 10 ms at 100 Hz). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time (user + system, every thread, living or ended) the process has used, in ms. Resolution:
 * one clock tick (10 ms); the kernel scales the sampled ticks to the precise runtime.
 */
export function processCpuMs(pid: number): number {
  return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** User + system ticks of a `/proc/…/stat` line, in ms. */
function statCpuMs(stat: string): number {
  // After "pid (comm) ": state, ppid, …; utime and stime are the 14th and 15th fields of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * The CPU time (ms) of the process's threads whose name starts with `prefix`, by thread id. Chromium
 * names the thread that runs an extension's service worker `ServiceWorker thread` (the kernel keeps
 * 15 characters: `ServiceWorker t`): the browser's dispatch of each event and the extension's own
 * JavaScript run there, while the process's other threads (IO, the V8 helpers) add their own noise.
 */
export function threadsCpuMs(pid: number, prefix: string): Map<number, number> {
  const threads = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith(prefix)) threads.set(Number(tid), statCpuMs(stat));
    } catch {
      // The thread ended while the list was read.
    }
  }
  return threads;
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return ''; // the process ended while the list was read
  }
}

/**
 * The pids of the extension renderers of the browser running on this profile folder: one per extension
 * whose service worker runs (each extension gets a process of its own).
 */
export function extensionProcesses(userDataDir: string): number[] {
  // A renderer's command line is one string with spaces (Chromium rewrites its argv); the browser's keeps its NULs.
  const has = (line: string, argument: string) => new RegExp(`(?:^|[\\s\\0])${argument.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:[\\s\\0]|$)`).test(line);
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      const line = commandLine(pid);
      return has(line, `--user-data-dir=${userDataDir}`) && has(line, '--extension-process');
    })
    .map(Number)
    .sort((a, b) => a - b);
}
