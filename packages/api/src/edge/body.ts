/**
 * Request limits enforced while the body is read, before anything parses it: a byte budget
 * (the declared Content-Length refused at once, a chunked body counted as it streams in and cut
 * off at the limit) and a nesting bound checked on the text, so `JSON.parse` never recurses
 * through a hostile document.
 */

/** Objects and arrays nested deeper than this are refused; real inputs stay below 10. */
export const MAX_JSON_DEPTH = 32;

export class RequestRejectedError extends Error {
  override name = 'RequestRejectedError';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

export function bodyTooLarge(maxBytes: number): RequestRejectedError {
  return new RequestRejectedError(
    413,
    `The request is too large: this endpoint accepts at most ${formatBytes(maxBytes)}.`,
  );
}

export function nestedTooDeeply(): RequestRejectedError {
  return new RequestRejectedError(
    400,
    `The request is nested too deeply: at most ${MAX_JSON_DEPTH} levels of objects and arrays are accepted.`,
  );
}

/**
 * The whole body, refusing (413) a declared or actual size over `maxBytes`. A chunked body is
 * counted chunk by chunk and the stream is cancelled at the first byte over the limit, so a
 * 50 MB upload costs at most `maxBytes` of memory.
 */
export async function readLimitedBody(
  req: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw bodyTooLarge(maxBytes);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      throw new RequestRejectedError(400, 'The request body could not be read.');
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(chunk.value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return body;
}

/**
 * Whether JSON text nests objects/arrays deeper than `maxDepth`. One pass over the characters
 * (brackets inside strings do not count), no recursion, so it is safe on any input; invalid JSON
 * is left for the parser to refuse.
 */
export function exceedsJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * A copy of `req` with the body already read (and checked), for handlers downstream. The
 * framing headers go: the new body frames itself.
 */
export function withBody(req: Request, body: Uint8Array<ArrayBuffer> | null): Request {
  const headers = new Headers(req.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return new Request(req.url, {
    method: req.method,
    headers,
    body: body && body.byteLength > 0 ? body : null,
    signal: req.signal,
  });
}

/**
 * Reads and checks a request's body and its JSON nesting (the body if it is JSON, and a GET's
 * `input` query parameter, where tRPC puts query inputs). Throws RequestRejectedError.
 */
export async function checkedRequest(req: Request, maxBytes: number): Promise<Request> {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? await readLimitedBody(req, maxBytes) : null;
  const input = new URL(req.url).searchParams.get('input');
  if (input !== null && exceedsJsonDepth(input)) throw nestedTooDeeply();
  const type = req.headers.get('content-type') ?? '';
  if (body && /json/i.test(type) && exceedsJsonDepth(new TextDecoder().decode(body))) {
    throw nestedTooDeeply();
  }
  return hasBody ? withBody(req, body) : req;
}
