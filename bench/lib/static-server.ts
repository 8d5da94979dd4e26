/**
 * The baseline server for the product-page benchmark, run as its own process (like `next start`)
 * so that it does not share an event loop with autocannon:
 *
 *   node --import tsx lib/static-server.ts <port> <body-file> <content-type>
 *
 * Answers every request with the same bytes: the body read once at start, the given
 * Content-Type and a Content-Length. Nothing else is done per request.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [portArg, bodyFile, contentType] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port < 1 || !bodyFile || !contentType) {
  console.error('usage: static-server.ts <port> <body-file> <content-type>');
  process.exit(2);
}

const body = readFileSync(bodyFile);
const headers = { 'content-type': contentType, 'content-length': String(body.length) };

const server = http.createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(port, '127.0.0.1', () =>
  console.error(`serving ${body.length} bytes on port ${port}`),
);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
