import { describe, expect, it } from 'vitest';
import { mergeSettings } from './settings';

describe('mergeSettings', () => {
  it('merges nested objects key by key; arrays and values replace', () => {
    expect(mergeSettings({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [2] })).toEqual({
      a: { b: 1, c: 3 },
      d: [2],
    });
  });

  it('a __proto__ key (JSON.parse makes it an own key) is dropped, never made the prototype', () => {
    // Else the schema check would read the prototype's values while the stored JSON lacks them:
    // settings validated are not the settings saved.
    const hostile = JSON.parse('{"__proto__":{"limit":5},"nested":{"__proto__":{"x":1}}}') as {
      [key: string]: unknown;
    };
    const merged = mergeSettings({ nested: {} }, hostile);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.nested)).toBe(Object.prototype);
    expect('limit' in merged).toBe(false);
    expect(merged).toEqual({ nested: {} });
    expect(({} as Record<string, unknown>).limit).toBeUndefined();
  });
});
