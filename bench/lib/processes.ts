import net from 'node:net';
import { startProcess, stopAll, type Managed } from '@shop/scripts/lib/processes';
import { defer } from './cleanup';

/**
 * Starts a child process whose output goes to stderr, line by line with a `[name]` prefix, and
 * registers its stop. (startProcess sends a child's stdout to our stdout, which is reserved for
 * figures, so it runs quiet and the output is forwarded here.)
 */
export function startService(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Managed {
  const proc = startProcess(name, command, args, { ...options, quiet: true });
  for (const stream of [proc.child.stdout, proc.child.stderr]) {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) process.stderr.write(`[${name}] ${line}\n`);
    });
  }
  defer(`stop ${name}`, () => stopAll([proc]));
  return proc;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `preferred` when nothing listens on it, otherwise a port the OS picks. */
export async function freePort(preferred: number): Promise<number> {
  if (await canListen(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
