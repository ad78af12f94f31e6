import { describe, expect, it } from 'vitest';
import { latestCall } from '../../utils/latest-call';

describe('latestCall', () => {
  it('only the latest ticket holds, however the replies are ordered', () => {
    const next = latestCall();
    const first = next();
    expect(first()).toBe(true);
    const second = next();
    expect([first(), second()]).toEqual([false, true]);
    const third = next();
    expect([first(), second(), third()]).toEqual([false, false, true]);
  });

  it('each action counts its own calls', () => {
    const exports = latestCall();
    const checks = latestCall();
    const save = exports();
    checks();
    expect(save()).toBe(true);
  });

  it('calls about different keys are counted apart', () => {
    const next = latestCall();
    const first = next('https://a.example');
    const other = next('https://b.example');
    expect([first(), other()]).toEqual([true, true]);
    const again = next('https://a.example');
    expect([first(), again(), other()]).toEqual([false, true, true]);
  });
});
