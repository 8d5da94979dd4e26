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
