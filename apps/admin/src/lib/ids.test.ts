import { describe, expect, it } from 'vitest';
import { formatWhen } from './format';
import { parseId } from './ids';

describe('parseId', () => {
  it('reads a positive id of at most 15 digits', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('999999999999999')).toBe(999_999_999_999_999);
  });

  it('refuses what is not one: missing, zero, signs, exponents, too long, a file', () => {
    for (const value of [
      null,
      undefined,
      '',
      '0',
      '007',
      '-1',
      '+1',
      '1e3',
      '1.0',
      ' 1',
      '1000000000000000',
    ]) {
      expect(parseId(value)).toBeNull();
    }
    expect(parseId(new File(['1'], '1'))).toBeNull();
    expect(parseId(['1'])).toBeNull();
  });
});

describe('formatWhen', () => {
  it('says UTC, and a dash for never', () => {
    expect(formatWhen(new Date('2026-12-02T14:30:00Z'))).toBe('2 Dec 2026, 14:30 UTC');
    expect(formatWhen(null)).toBe('—');
  });
});
