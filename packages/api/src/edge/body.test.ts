import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth, readLimitedBody, RequestRejectedError } from './body';

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(exceedsJsonDepth(JSON.stringify({ s: '[[[[[[[[[[{{{{{{' }), 1)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ s: 'quote \\" then [[[[' }), 1)).toBe(false);
    expect(exceedsJsonDepth(`{"s":"\\\\"}${'['.repeat(5)}`, 4)).toBe(true);
    expect(exceedsJsonDepth('['.repeat(100_000), 32)).toBe(true);
    expect(exceedsJsonDepth('', 32)).toBe(false);
  });
});

describe('readLimitedBody', () => {
  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const req = new Request('http://x/', {
      method: 'POST',
      headers: { 'content-length': '5000000' },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    await expect(readLimitedBody(req, 1000)).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBe(false);
  });

  it('returns a body within the limit byte for byte, and refuses one byte more', async () => {
    const text = 'é'.repeat(500); // 1000 bytes
    const ok = await readLimitedBody(
      new Request('http://x/', { method: 'POST', body: text }),
      1000,
    );
    expect(new TextDecoder().decode(ok)).toBe(text);
    await expect(
      readLimitedBody(new Request('http://x/', { method: 'POST', body: `${text}!` }), 1000),
    ).rejects.toBeInstanceOf(RequestRejectedError);
  });
});
