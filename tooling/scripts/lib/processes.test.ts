import { afterEach, describe, expect, it } from 'vitest';
import { startProcess, supervise, type Supervised } from './processes';

/** A node process that runs `code`; quiet so the test output stays readable. */
function node(code: string) {
  return () =>
    startProcess('child', process.execPath, ['-e', code], {
      cwd: process.cwd(),
      env: {},
      quiet: true,
    });
}

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('supervise', () => {
  let supervised: Supervised | undefined;
  afterEach(async () => {
    await supervised?.stop(1_000);
    supervised = undefined;
  });

  it('restarts a crashing process with doubling delays and logs each crash and restart', async () => {
    const log: string[] = [];
    supervised = supervise('crasher', node('process.exit(3)'), {
      initialDelayMs: 100,
      maxDelayMs: 400,
      log: (m) => log.push(m),
    });
    await waitFor(() => supervised?.restarts() === 4);
    const delays = log
      .filter((m) => m.includes('restarting in'))
      .map((m) => /restarting in ([\d.]+)s/.exec(m)?.[1]);
    expect(delays.slice(0, 4)).toEqual(['0.1', '0.2', '0.4', '0.4']);
    expect(log[0]).toMatch(/^crasher exited \(code 3\)/);
    expect(log.some((m) => /^crasher restarted \(pid \d+, restart 1\)$/.test(m))).toBe(true);
  });

  it('restarts a killed process, and resets the delay once it has stayed up', async () => {
    const log: string[] = [];
    supervised = supervise('server', node('setInterval(() => {}, 1000)'), {
      initialDelayMs: 100,
      healthyAfterMs: 300,
      log: (m) => log.push(m),
    });
    for (let i = 1; i <= 3; i++) {
      const before = supervised.current();
      // Killed after it has been up longer than healthyAfterMs: always the first delay.
      await new Promise((r) => setTimeout(r, 400));
      before.child.kill('SIGKILL');
      await waitFor(() => supervised?.restarts() === i);
      expect(supervised.current()).not.toBe(before);
      expect(supervised.current().child.exitCode).toBeNull();
    }
    expect(
      log.filter((m) => m.includes('signal SIGKILL')).map((m) => /in ([\d.]+)s$/.exec(m)?.[1]),
    ).toEqual(['0.1', '0.1', '0.1']);
  });

  it('never restarts a process it was asked to stop', async () => {
    const log: string[] = [];
    const s = supervise('server', node('setInterval(() => {}, 1000)'), {
      initialDelayMs: 50,
      log: (m) => log.push(m),
    });
    const child = s.current().child;
    await s.stop(1_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(child.signalCode ?? child.exitCode).not.toBeNull();
    expect(s.restarts()).toBe(0);
    expect(log).toEqual([]);
  });
});
