import { describe, expect, it } from 'vitest';
import { changedSettings, groupLabel, leafLabel, settingsLeaves } from './settings-fields';

const settings = {
  emailVelocity: { enabled: true, count: 5, windowMinutes: 10 },
  countryMismatch: true,
  minimums: { USD: 1000 },
};

describe('plugin settings as form fields', () => {
  it('lists every leaf by path with its kind', () => {
    expect(settingsLeaves(settings)).toEqual([
      { path: 'emailVelocity.enabled', kind: 'boolean', value: true },
      { path: 'emailVelocity.count', kind: 'number', value: 5 },
      { path: 'emailVelocity.windowMinutes', kind: 'number', value: 10 },
      { path: 'countryMismatch', kind: 'boolean', value: true },
      { path: 'minimums.USD', kind: 'number', value: 1000 },
    ]);
    expect(leafLabel('emailVelocity.windowMinutes')).toBe('Window minutes');
    expect(groupLabel('emailVelocity.windowMinutes')).toBe('Email velocity');
    expect(groupLabel('countryMismatch')).toBeNull();
  });

  it('sends only what changed; an unchecked box is false; a non-number is sent as text', () => {
    const form = new Map<string, string>([
      ['emailVelocity.enabled', 'on'],
      ['emailVelocity.count', '3'],
      ['emailVelocity.windowMinutes', '10'],
      ['minimums.USD', 'ten'],
    ]);
    expect(changedSettings(settingsLeaves(settings), (p) => form.get(p) ?? null)).toEqual({
      emailVelocity: { count: 3 },
      countryMismatch: false,
      minimums: { USD: 'ten' },
    });
  });
});
