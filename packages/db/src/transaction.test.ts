import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './transaction';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused socket', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset socket', withCode('read ECONNRESET', 'ECONNRESET')],
    ["postgres.js's closed connection", withCode('write CONNECTION_CLOSED', 'CONNECTION_CLOSED')],
    ["postgres.js's connect timeout", withCode('connect timeout', 'CONNECT_TIMEOUT')],
    ['an administrator shutdown (57P01)', withCode('terminating connection', '57P01')],
    ['no connection slot (53300)', withCode('too many clients already', '53300')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ["node-postgres's words", new Error('Connection terminated unexpectedly')],
    [
      "Drizzle's wrapper around a refused socket",
      new Error('Failed query: select 1', {
        cause: withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'),
      }),
    ],
    [
      "Node's happy-eyeballs AggregateError",
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ],
  ])('is true for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key', '23505')],
    ['a serialization failure', withCode('could not serialize', '40001')],
    ['a syntax error', withCode('syntax error', '42601')],
    ['a plain error', new Error('something else')],
    ['nothing', null],
  ])('is false for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
