import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { readDatabaseDriver, readDbEnv } from './env';

describe('DATABASE_DRIVER', () => {
  it('is postgres.js unless pg is asked for', () => {
    expect(readDbEnv({}).DATABASE_DRIVER).toBe('postgres');
    expect(readDbEnv({ DATABASE_DRIVER: 'pg' }).DATABASE_DRIVER).toBe('pg');
    expect(readDatabaseDriver({ DATABASE_DRIVER: 'postgres' })).toBe('postgres');
  });

  it('refuses any other value in one sentence', () => {
    expect(() => readDatabaseDriver({ DATABASE_DRIVER: 'mysql' })).toThrow(
      new ConfigError('DATABASE_DRIVER must be postgres (postgres.js) or pg (node-postgres).'),
    );
  });
});

describe('DATABASE_READ_URL', () => {
  it('is unset unless given, with a pool of 10 by default', () => {
    const env = readDbEnv({});
    expect(env.DATABASE_READ_URL).toBeUndefined();
    expect(env.DATABASE_READ_POOL_MAX).toBe(10);
    // An empty value (a blank line in .env) is the same as unset.
    expect(readDbEnv({ DATABASE_READ_URL: '' }).DATABASE_READ_URL).toBeUndefined();
  });

  it('takes a postgres URL and its own pool size', () => {
    const env = readDbEnv({
      DATABASE_READ_URL: 'postgresql://reader:pw@replica.internal:5432/shop',
      DATABASE_READ_POOL_MAX: '40',
    });
    expect(env.DATABASE_READ_URL).toBe('postgresql://reader:pw@replica.internal:5432/shop');
    expect(env.DATABASE_READ_POOL_MAX).toBe(40);
    expect(env.DATABASE_URL).toBe('postgres://postgres:postgres@127.0.0.1:54329/shop');
  });

  it('refuses a URL that is not a postgres one in one sentence', () => {
    expect(() => readDbEnv({ DATABASE_READ_URL: 'mysql://replica/shop' })).toThrow(
      new ConfigError(
        'DATABASE_READ_URL must be a postgres:// or postgresql:// URL, e.g. postgres://user:pass@host:5432/db.',
      ),
    );
  });

  it('refuses a pool size out of range, naming the variable', () => {
    expect(() => readDbEnv({ DATABASE_READ_POOL_MAX: '0' })).toThrow(
      new ConfigError('DATABASE_READ_POOL_MAX must be between 1 and 200.'),
    );
    expect(() => readDbEnv({ DATABASE_READ_POOL_MAX: 'many' })).toThrow(
      new ConfigError('DATABASE_READ_POOL_MAX must be a whole number.'),
    );
  });
});
