import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameBuffer } from './frameBuffer';

describe('frame buffer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const flushes: number[][] = [];
    const buffer = createFrameBuffer<number>((items) => flushes.push(items), { now: () => Date.now() });
    return { flushes, buffer };
  };

  it('hands a lone event over at once (next frame), not after the interval', () => {
    const { flushes, buffer } = setup();
    buffer.push([1]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([[1]]);
  });

  it('hands a burst over at most ten times a second, every item once and in order', () => {
    const { flushes, buffer } = setup();
    let next = 0;
    // 1,000 items a second for one second, one every millisecond.
    for (let ms = 0; ms < 1000; ms++) {
      buffer.push([next++]);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(500);
    expect(flushes.length).toBeGreaterThanOrEqual(9);
    expect(flushes.length).toBeLessThanOrEqual(11);
    expect(flushes.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('flushNow applies what is pending, and the timer then has nothing left to apply', () => {
    const { flushes, buffer } = setup();
    buffer.push([1]);
    vi.advanceTimersByTime(1);
    buffer.push([2, 3]);
    buffer.flushNow();
    vi.advanceTimersByTime(1000);
    expect(flushes).toEqual([[1], [2, 3]]);
  });
});
