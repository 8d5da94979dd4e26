import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP receiver for the tests: records every request, and answers with what `respond`
 * says (a status, or `hang`: never answer; a promise of either answers once it settles). `close` ends the server and any hanging exchange.
 */
export async function testReceiver(
  respond: (
    req: ReceivedRequest,
    index: number,
  ) => number | 'hang' | Promise<number | 'hang'> = () => 200,
  options: { delayMs?: number } = {},
) {
  const received: ReceivedRequest[] = [];
  const listeners: ((r: ReceivedRequest) => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = received.length;
      received.push(request);
      for (const l of listeners) l(request);
      // A promise holds the answer back until the test has done something meanwhile.
      const outcome = await respond(request, index);
      if (outcome === 'hang') return;
      const answer = () =>
        res.writeHead(outcome, { 'content-type': 'text/plain' }).end(`answered ${outcome}`);
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** Called on every request as it arrives. */
    onRequest(listener: (r: ReceivedRequest) => void) {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
