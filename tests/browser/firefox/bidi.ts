import WebSocket from 'ws';

/**
 * A minimal WebDriver BiDi client (https://w3c.github.io/webdriver-bidi/): commands are JSON messages
 * with an id, answered by a message with the same id; events carry a method name. Firefox speaks it
 * natively on `--remote-debugging-port`, so neither geckodriver nor Playwright's Firefox is needed.
 */

type BidiMessage =
  | { type: 'success'; id: number; result: unknown }
  | { type: 'error'; id: number | null; error: string; message: string; stacktrace?: string }
  | { type: 'event'; method: string; params: unknown };

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class BidiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(`${method}: ${code}: ${message}`);
  }
}

export class BidiConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(params: unknown) => void>>();
  private closedBecause: Error | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as BidiMessage));
    socket.on('close', () => this.failAll(new Error('the BiDi connection closed')));
    socket.on('error', (error) => this.failAll(error));
  }

  /** Connects to `ws://127.0.0.1:PORT/session`, Firefox's endpoint for a new session. */
  static async connect(url: string): Promise<BidiConnection> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new BidiConnection(socket);
  }

  /** Sends a command and resolves with its result; a BiDi error rejects with a {@link BidiError}. */
  send<Result = Record<string, unknown>>(method: string, params: object = {}): Promise<Result> {
    if (this.closedBecause) return Promise.reject(this.closedBecause);
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (result: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Listens to an event (subscribe to it with `session.subscribe` first). Returns the unsubscriber. */
  on(method: string, listener: (params: unknown) => void): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  private receive(message: BidiMessage): void {
    if (message.type === 'event') {
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
      return;
    }
    const pending = message.id === null ? undefined : this.pending.get(message.id);
    if (!pending || message.id === null) return;
    this.pending.delete(message.id);
    if (message.type === 'success') pending.resolve(message.result);
    else pending.reject(new BidiError(pending.method, message.error, message.message));
  }

  private failAll(error: Error): void {
    this.closedBecause ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
