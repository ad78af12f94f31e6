import { describe, expect, it } from 'vitest';
import { startImmichLab } from '../../lab/immich-server';
import { port80Failure, randomLoopbackAddress } from '../../lab/port-80';

describe('the lab on a fixed port', () => {
  it('a port already taken rejects with the reason (an uncaught exception without an error listener)', async () => {
    const first = await startImmichLab({ assets: 1 });
    try {
      await expect(startImmichLab({ assets: 1, port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('no privilege for port 80: one line that says what to do', () => {
    const error = Object.assign(new Error('listen EACCES: permission denied 127.4.5.6:80'), { code: 'EACCES' });
    expect(port80Failure('127.4.5.6', error).message).toBe(
      'cannot listen on 127.4.5.6:80 (EACCES: ports below 1024 are privileged): run the tests as root, or allow it with `sudo sysctl net.ipv4.ip_unprivileged_port_start=80`',
    );
  });

  it('draws an address of 127.0.0.0/8 other than 127.0.0.1', () => {
    for (let i = 0; i < 200; i++) {
      const address = randomLoopbackAddress();
      expect(address).toMatch(/^127\.(\d+)\.(\d+)\.(\d+)$/);
      expect(address).not.toBe('127.0.0.1');
      expect(address.split('.').map(Number).every((part) => part >= 0 && part <= 255)).toBe(true);
    }
  });
});
