import { describe, expect, it } from 'vitest';
import { CompareScript, DEFAULT_LINK, DEFAULT_SCRIPT, LinkParams, PRESETS, PRESET_NAMES, estimateRunMs } from './link';
import { COMPARE_LIMITS } from './limits';
import { decodeMessageNumber, encodeMessage } from './message';
import { percentile } from './percentile';

describe('link and script schemas', () => {
  it('accept every preset and the defaults', () => {
    for (const name of PRESET_NAMES) expect(LinkParams.safeParse({ ...PRESETS[name], seed: 1 }).success).toBe(true);
    expect(LinkParams.safeParse(DEFAULT_LINK).success).toBe(true);
    expect(CompareScript.safeParse(DEFAULT_SCRIPT).success).toBe(true);
  });
  it.each([
    ['count over the limit', { ...DEFAULT_SCRIPT, count: COMPARE_LIMITS.maxCount + 1 }],
    ['interval too short', { ...DEFAULT_SCRIPT, intervalMs: COMPARE_LIMITS.minIntervalMs - 1 }],
    ['message too big for one datagram', { ...DEFAULT_SCRIPT, size: COMPARE_LIMITS.maxSize + 1 }],
    ['message too small for its number', { ...DEFAULT_SCRIPT, size: 3 }],
    ['fractional count', { ...DEFAULT_SCRIPT, count: 2.5 }],
    ['extra field', { ...DEFAULT_SCRIPT, burst: true }],
  ])('reject a script with %s', (_, s) => expect(CompareScript.safeParse(s).success).toBe(false));
  it.each([
    ['loss over 100%', { lossPct: 101 }],
    ['negative delay', { delayMs: -1 }],
    ['a bandwidth cap below the minimum', { bandwidthKbps: 1 }],
    ['a seed that is not a 32-bit integer', { seed: 2 ** 32 }],
  ])('reject a link with %s', (_, p) => expect(LinkParams.safeParse({ ...DEFAULT_LINK, ...p }).success).toBe(false));
  it('estimates a run from sending time or transmission time, whichever is longer', () => {
    const script = { count: 100, size: 1000, intervalMs: 10 };
    expect(estimateRunMs(script, { ...DEFAULT_LINK, bandwidthKbps: 0, delayMs: 5, jitterMs: 0 })).toBe(1005);
    expect(estimateRunMs(script, { ...DEFAULT_LINK, bandwidthKbps: 80, delayMs: 0, jitterMs: 0 })).toBe(10_000);
  });
});

describe('messages', () => {
  it('are exactly `size` ASCII bytes, numbered, ending in a newline', () => {
    for (const size of [8, 9, 64, 1400]) {
      const m = encodeMessage(42, size);
      expect(new TextEncoder().encode(m).byteLength).toBe(size);
      expect(m.endsWith('\n')).toBe(true);
      expect(decodeMessageNumber(m)).toBe(42);
    }
    expect(decodeMessageNumber('hello')).toBeUndefined();
    expect(decodeMessageNumber(undefined)).toBeUndefined();
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, shuffled order
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});
