import http from 'node:http';

export interface CapturedResponse {
  status: number;
  contentType: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One GET with no extra request headers, the way autocannon asks (fetch would add
 * Accept-Encoding and get a compressed body): the bytes captured are the bytes the load runs see.
 */
export function getRaw(url: string): Promise<CapturedResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? 'application/octet-stream',
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}
