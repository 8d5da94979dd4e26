import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, createShopEnv, readFragments, zPort } from './index';

const portFragment = (source: Record<string, string | undefined>) =>
  createShopEnv({ PORT: zPort(3000) }, source);
const modeFragment = (source: Record<string, string | undefined>) =>
  createShopEnv({ MODE: z.enum(['a', 'b'], { message: 'must be a or b' }).default('a') }, source);

describe('readFragments', () => {
  it("returns each package's validated fragment, in order", () => {
    const [port, mode] = readFragments(
      () => portFragment({ PORT: '8080' }),
      () => modeFragment({}),
    );
    expect(port.PORT).toBe(8080);
    expect(mode.MODE).toBe('a');
  });

  it('reports the bad variables of every fragment in one error, each sentence once', () => {
    const source = { PORT: 'eighty', MODE: 'c' };
    expect(() =>
      readFragments(
        () => portFragment(source),
        () => modeFragment(source),
        () => portFragment(source),
      ),
    ).toThrow(new ConfigError('PORT must be a port number.\nMODE must be a or b.'));
  });

  it('lets anything but a ConfigError through as it is', () => {
    const bug = new TypeError('not a configuration problem');
    expect(() =>
      readFragments(() => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});

describe('createShopEnv with fragments (extends)', () => {
  it("merges the fragments under the env's own variables", () => {
    const env = createShopEnv(
      { NAME: z.string().default('worker') },
      { NAME: 'admin' },
      readFragments(() => portFragment({ PORT: '5432' })),
    );
    expect(env).toMatchObject({ NAME: 'admin', PORT: 5432 });
    const port: number = env.PORT;
    expect(port).toBe(5432);
  });
});
