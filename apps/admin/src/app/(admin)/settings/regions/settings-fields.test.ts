import { describe, expect, it } from 'vitest';
import { zAmountText, zPercentText } from './settings-fields';

const messages = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('settings form fields', () => {
  it('reads a tax rate typed as a percentage into basis points, 0 to 100%', () => {
    expect(zPercentText.parse('19')).toBe(1900);
    expect(zPercentText.parse('7.5')).toBe(750);
    expect(zPercentText.parse(' 0 ')).toBe(0);
    expect(zPercentText.parse('100')).toBe(10_000);
    expect(messages(zPercentText.safeParse('100.01'))).toEqual(['Tax rate can be at most 100%']);
    for (const bad of ['', 'nineteen', '-5', '19.999'])
      expect(messages(zPercentText.safeParse(bad))).toEqual([
        'Enter a percentage such as 19 or 7.5',
      ]);
  });

  it('reads an amount in the currency’s own digits into minor units', () => {
    expect(zAmountText('EUR').parse('4.99')).toBe(499);
    expect(zAmountText('JPY').parse('500')).toBe(500);
    expect(zAmountText('KWD').parse('1.250')).toBe(1250);
    expect(zAmountText('JPY').safeParse('4.5').success).toBe(false);
    expect(messages(zAmountText('EUR').safeParse('-1'))).toEqual([
      'The amount cannot be negative.',
    ]);
  });
});
