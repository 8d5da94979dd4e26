import { ConfigError } from '@shop/env';
import { describe, expect, it } from 'vitest';
import { createLogger, loggerFromEnv, loggerOptions, readLoggerEnv } from './index';
import { captureLogger, LEVEL } from './testing';

describe('createLogger', () => {
  it('writes one JSON object a line with level, time, name and message', () => {
    const { logger, lines } = captureLogger({ name: 'worker', level: 'info' });
    logger.info({ jobs: 3 }, 'ready');
    logger.debug('dropped: below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: LEVEL.info, name: 'worker', msg: 'ready', jobs: 3 });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('adds the context (the current request id) to every line, leaving out absent values', () => {
    let requestId: string | null = null;
    const { logger, lines } = captureLogger({ context: () => ({ requestId }) });
    logger.info('outside any request');
    requestId = '3f9c0a1b2c3d4e5f';
    logger.warn('inside one');
    logger.info({ requestId: 'given' }, 'an explicit field wins');
    expect(lines[0]).not.toHaveProperty('requestId');
    expect(lines[1]).toMatchObject({ requestId: '3f9c0a1b2c3d4e5f', msg: 'inside one' });
    expect(lines[2]?.requestId).toBe('given');
  });

  it('logs an error with its message, stack and cause', () => {
    const { logger, lines } = captureLogger();
    const err = new Error('could not place the order', { cause: new Error('connection reset') });
    logger.error({ err }, 'checkout failed');
    const logged = lines[0]?.err as { message: string; stack: string; type: string };
    expect(logged.type).toBe('Error');
    expect(logged.message).toContain('could not place the order');
    expect(logged.stack).toContain('connection reset');
  });

  it('writes one readable line per entry in the pretty format', () => {
    const written: string[] = [];
    const logger = createLogger({
      pretty: true,
      name: 'storefront',
      context: () => ({ requestId: 'abc123' }),
      destination: { write: (text: string) => void written.push(text) },
    });
    logger.info({ cartId: 'c1' }, 'cart merged');
    const text = written.join('');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/INFO.*\(storefront\).*cart merged/);
    expect(text).toContain('"requestId":"abc123"');
    expect(text).not.toMatch(/^\{/);
  });

  it('writes nothing at level silent', () => {
    const { logger, lines } = captureLogger({ level: 'silent' });
    logger.fatal('not even this');
    expect(lines).toEqual([]);
  });
});

describe('readLoggerEnv', () => {
  it('defaults to info, pretty in development and JSON otherwise', () => {
    expect(readLoggerEnv({})).toEqual({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    expect(readLoggerEnv({ NODE_ENV: 'production' }).LOG_FORMAT).toBe('json');
    expect(readLoggerEnv({ NODE_ENV: 'development' }).LOG_FORMAT).toBe('pretty');
    expect(readLoggerEnv({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(loggerOptions(readLoggerEnv({ LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty' }))).toEqual({
      level: 'debug',
      pretty: true,
    });
    const fromEnv = loggerFromEnv({ name: 'worker' }, readLoggerEnv({ LOG_LEVEL: 'error' }));
    expect(fromEnv.level).toBe('error');
  });

  it.each([
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.',
    ],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT must be json or pretty.'],
  ])('explains a bad value in one sentence: %o', (source, sentence) => {
    expect(() => readLoggerEnv(source)).toThrow(new ConfigError(sentence));
  });
});
