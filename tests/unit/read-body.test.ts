import { describe, expect, it } from 'vitest';
import { readBodyWithin } from '../../utils/read-body';
import { endlessResponse } from '../fixtures/endless-response';

/** A response whose body comes in the given pieces of bytes. */
function inPieces(pieces: number[][], headers: HeadersInit = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(new Uint8Array(piece));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

const utf8 = (text: string) => [...new TextEncoder().encode(text)];

describe('readBodyWithin: a body as text, never more than the limit read', () => {
  it.each<[string, () => Response, number, string | undefined]>([
    ['a short JSON answer', () => new Response('{"res":"pong"}'), 100, '{"res":"pong"}'],
    ['exactly the limit', () => new Response('x'.repeat(100)), 100, 'x'.repeat(100)],
    ['one byte over the limit', () => new Response('x'.repeat(101)), 100, undefined],
    ['a character split between two pieces', () => inPieces([utf8('é€').slice(0, 3), utf8('é€').slice(3)]), 100, 'é€'],
    ['a byte-order mark, dropped as response.text() drops it', () => inPieces([[0xef, 0xbb, 0xbf, ...utf8('{}')]]), 100, '{}'],
    ['no body (204)', () => new Response(null, { status: 204 }), 100, ''],
    ['a Content-Length over the limit, whatever comes', () => inPieces([utf8('{}')], { 'Content-Length': '1000000' }), 100, undefined],
    ['a Content-Length that is no number', () => inPieces([utf8('{}')], { 'Content-Length': 'lots' }), 100, '{}'],
  ])('%s', async (_name, response, max, expected) => {
    expect(await readBodyWithin(response(), max)).toBe(expected);
  });

  it('stops reading an answer without end at the limit, and cancels it', async () => {
    const { response, pulls } = endlessResponse();
    expect(await readBodyWithin(response, 1_000_000)).toBeUndefined();
    // 16 pieces of 64 kB pass 1 MB; the stream may have one more ready.
    expect(pulls()).toBeLessThanOrEqual(18);
    expect(response.bodyUsed).toBe(true);
  });
});
