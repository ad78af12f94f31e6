import { randomInt } from 'node:crypto';
import { startImmichLab, type ImmichLab } from './immich-server';

/**
 * A lab on port 80, i.e. an origin without a port (`http://127.a.b.c`), as an Immich behind a plain
 * http proxy has. Port 80 cannot be had for the asking like a free port, so each lab takes a random
 * address of 127.0.0.0/8: Linux routes all of it to the loopback interface and each address is its own
 * socket, so two runs (or another service on 127.0.0.1:80) do not collide. 127.0.0.1 itself is avoided.
 */
export function randomLoopbackAddress(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** Why port 80 could not be bound, in one line that says what to do. */
export function port80Failure(host: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'EACCES') {
    return new Error(
      `cannot listen on ${host}:80 (EACCES: ports below 1024 are privileged): run the tests as root, or allow it with \`sudo sysctl net.ipv4.ip_unprivileged_port_start=80\``,
    );
  }
  return new Error(`cannot listen on ${host}:80: ${error.code ?? ''} ${error.message}`.trim());
}

export async function startLabOnPort80(attempts = 5): Promise<ImmichLab> {
  for (let attempt = 1; ; attempt++) {
    const host = randomLoopbackAddress();
    try {
      return await startImmichLab({ host, port: 80 });
    } catch (error) {
      const failure = error as NodeJS.ErrnoException;
      // Another run drew the same address: draw again. Anything else will not go away by retrying.
      if (failure.code === 'EADDRINUSE' && attempt < attempts) continue;
      throw port80Failure(host, failure);
    }
  }
}

/** The watched lab and its neighbours on the same loopback address, for the Clear site data tests. */
export interface SameAddressLabs {
  host: string;
  /** With a port (`withPort`) or on port 80. */
  watched: ImmichLab;
  watchedOrigin: string;
  /** The same address on another port, and on port 80 when the watched lab has a port. */
  neighbours: string[];
  close(): Promise<void>;
}

export async function startSameAddressLabs(withPort: boolean): Promise<SameAddressLabs> {
  const port80 = await startLabOnPort80();
  const labs = [port80];
  const close = async () => {
    for (const lab of labs) await lab.close();
  };
  try {
    const host = new URL(port80.url).hostname;
    const watched = withPort ? await startImmichLab({ host }) : port80;
    if (watched !== port80) labs.push(watched);
    const otherPort = await startImmichLab({ host });
    labs.push(otherPort);
    // The lab writes :80 out; browsers do not.
    const origin = (lab: ImmichLab) => new URL(lab.url).origin;
    return { host, watched, watchedOrigin: origin(watched), neighbours: [otherPort, ...(withPort ? [port80] : [])].map(origin), close };
  } catch (error) {
    await close();
    throw error;
  }
}
