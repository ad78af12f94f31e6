import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

/**
 * V8's sampling profiler on an extension's service worker, over DevTools' protocol, for the page-load
 * bench: where the worker's time goes, attributed by the JavaScript on the stack at each sample.
 *
 * Why: the process's and the worker thread's CPU (./process-cpu.ts) vary between loads of the same
 * page by several times what Immich Doctor's own work costs (docs/testing.md, "Where Immich Doctor's
 * CPU goes"). A sample says what the thread was doing, so the extension's own JavaScript (and the
 * collection of its garbage) is told apart from the browser's dispatch of each event around it.
 *
 * How: Playwright's persistent contexts (the only way to load an extension) give no session on a
 * service worker, so the browser is also started with `--remote-debugging-port=0` (the `args` of
 * `launchChromium`); Chromium writes the port it chose into `DevToolsActivePort` in the profile folder
 * (https://chromedevtools.github.io/devtools-protocol/). A flat session on the worker's target then
 * takes `Profiler.*` commands (https://chromedevtools.github.io/devtools-protocol/tot/Profiler/).
 */
export const REMOTE_DEBUGGING_ARG = '--remote-debugging-port=0';

/**
 * Sampling interval, µs. Every millisecond, one load's few hundred ms of the extension's work get a few
 * hundred samples; every 0.1 ms more than doubled the floor's process CPU (4.4-5.5 s against 2.1 s).
 */
const SAMPLING_INTERVAL_US = 1000;

interface CallFrame {
  functionName: string;
  url: string;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One profile's time (ms), by what was on the stack. */
export interface WorkerTime {
  /** Samples with the extension's own script on the stack (its listeners, its batches, the APIs it calls). */
  extensionMs: number;
  /** V8's garbage collection. */
  garbageMs: number;
  /** Everything else that was not idle: the browser's own work on the thread (event dispatch). */
  otherMs: number;
}

type Reply = { result?: unknown; error?: { message: string } };

/** One DevTools connection to the browser; a command names its target's session, or none for the browser's. */
class DevTools {
  private nextId = 0;
  private readonly waiting = new Map<number, { method: string; resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply & { id?: number };
      const waiting = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiting) return; // an event, not a reply
      this.waiting.delete(message.id!);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    });
    // A browser that dies mid-load must fail the bench at once, not leave a command waiting for ever.
    const failAll = (why: string) => {
      for (const { method, reject } of this.waiting.values()) reject(new Error(`${method}: ${why}`));
      this.waiting.clear();
    };
    socket.on('close', () => failAll('the DevTools connection closed'));
    socket.on('error', (error) => failAll(error.message));
  }

  static async open(userDataDir: string): Promise<DevTools> {
    const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').trim().split('\n');
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new DevTools(socket);
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    this.nextId += 1;
    const id = this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { method, resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) }), (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(error);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

export class WorkerProfiler {
  private constructor(
    private readonly devTools: DevTools,
    private readonly sessionId: string,
    private readonly extensionPrefix: string,
  ) {}

  /** Attaches to the service worker of the browser started on this profile folder. */
  static async attach(userDataDir: string): Promise<WorkerProfiler> {
    const devTools = await DevTools.open(userDataDir);
    try {
      const { targetInfos } = (await devTools.send('Target.getTargets')) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      const workers = targetInfos.filter((target) => target.type === 'service_worker' && target.url.startsWith('chrome-extension://'));
      if (workers.length !== 1) throw new Error(`expected one extension service worker, found ${workers.length}`);
      const { sessionId } = (await devTools.send('Target.attachToTarget', { targetId: workers[0]!.targetId, flatten: true })) as { sessionId: string };
      // Not `URL.origin`: a chrome-extension: URL's origin is opaque ("null"); its scripts' URLs start with this.
      const profiler = new WorkerProfiler(devTools, sessionId, `chrome-extension://${new URL(workers[0]!.url).host}/`);
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
      return profiler;
    } catch (error) {
      devTools.close();
      throw error;
    }
  }

  private send(method: string, params: object = {}): Promise<unknown> {
    return this.devTools.send(method, params, this.sessionId);
  }

  start(): Promise<unknown> {
    return this.send('Profiler.start');
  }

  /**
   * Stops sampling: the time by what was on the stack. With `WORKER_PROFILE_DIR` set, the profile is
   * also written there as `<name>.cpuprofile`, to open in DevTools' Performance panel.
   */
  async stop(name: string): Promise<WorkerTime> {
    const { profile } = (await this.send('Profiler.stop')) as { profile: Profile };
    const dir = process.env.WORKER_PROFILE_DIR;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    }
    return attribute(profile, this.extensionPrefix);
  }

  close(): void {
    this.devTools.close();
  }
}

/** Adds each sample's time to what its stack shows: the extension's script anywhere on it, GC, or neither. */
export function attribute(profile: Profile, extensionPrefix: string): WorkerTime {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const extensionStack = new Map<number, boolean>();
  const hasExtension = (id: number): boolean => {
    let known = extensionStack.get(id);
    if (known === undefined) {
      const parent = parentOf.get(id);
      known = byId.get(id)!.callFrame.url.startsWith(extensionPrefix) || (parent !== undefined && hasExtension(parent));
      extensionStack.set(id, known);
    }
    return known;
  };
  const time: WorkerTime = { extensionMs: 0, garbageMs: 0, otherMs: 0 };
  profile.samples.forEach((id, index) => {
    // Each delta is the time since the previous sample: it belongs to this one.
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const name = byId.get(id)!.callFrame.functionName;
    if (name === '(idle)') return;
    if (name === '(garbage collector)') time.garbageMs += ms;
    else if (hasExtension(id)) time.extensionMs += ms;
    else time.otherMs += ms;
  });
  return time;
}
