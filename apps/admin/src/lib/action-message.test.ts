import { TRPCError } from '@trpc/server';
import { captureLogger, LEVEL } from '@shop/logger/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionMessage } from './action-message';

describe('actionMessage', () => {
  it("shows the first input issue, or the router's own sentence", () => {
    const { logger, lines } = captureLogger();
    const parsed = z.object({ days: z.number().max(365, 'days must be at most 365') }).safeParse({
      days: 400,
    });
    const invalid = new TRPCError({ code: 'BAD_REQUEST', cause: parsed.error });
    expect(actionMessage(invalid, logger, 'test')).toBe('days must be at most 365');
    const gone = new TRPCError({ code: 'NOT_FOUND', message: 'Synonym group 7 does not exist.' });
    expect(actionMessage(gone, logger, 'test')).toBe('Synonym group 7 does not exist.');
    expect(lines).toEqual([]);
  });

  it("logs an unexpected failure with a reference and never shows the driver's text", () => {
    const { logger, lines } = captureLogger();
    const down = new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      cause: new Error('connect ECONNREFUSED 127.0.0.1:5432'),
    });
    const message = actionMessage(down, logger, 'search settings change');
    expect(message).not.toContain('ECONNREFUSED');
    const reference = /quote reference ([0-9a-f]+)/.exec(message)?.[1];
    expect(reference).toBeDefined();
    expect(lines).toMatchObject([
      { level: LEVEL.error, requestId: reference, where: 'search settings change' },
    ]);
  });

  it('throws on what is not a router error (a redirect)', () => {
    const redirect = new Error('NEXT_REDIRECT');
    expect(() => actionMessage(redirect, captureLogger().logger, 'test')).toThrow(redirect);
  });
});
