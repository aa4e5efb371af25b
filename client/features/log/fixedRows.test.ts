import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, rowWindow, scrollTopFor } from './fixedRows';

describe('rowWindow: equal rows in a scroller', () => {
  it('draws the rows on screen and the overscan, at their own offsets', () => {
    const w = rowWindow(1000, 20, 200, 100, 2);
    expect(w.scale).toBe(1);
    expect(w.height).toBe(20_000);
    expect(w.items.map((i) => i.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(w.items[2]).toEqual({ index: 10, top: 200 });
  });

  it("1,000,000 rows of 46 px stay under the browsers' height limit, and the end of the scrollbar shows the last row", () => {
    const viewport = 600;
    const w = rowWindow(1_000_000, 46, 0, viewport, 0);
    expect(w.height).toBe(MAX_SCROLL_HEIGHT);
    expect(w.scale).toBeGreaterThan(5);
    const end = rowWindow(1_000_000, 46, MAX_SCROLL_HEIGHT - viewport, viewport, 0);
    const last = end.items.at(-1)!;
    expect(last.index).toBe(999_999);
    expect(last.top + 46).toBeCloseTo(MAX_SCROLL_HEIGHT, 6);
    // Consecutive rows stay 46 px apart on screen, however far down.
    const mid = rowWindow(1_000_000, 46, 4_000_000, viewport, 0).items;
    expect(mid[1]!.top - mid[0]!.top).toBe(46);
  });

  it('scrollTopFor brings a row into view: at the end, or by the least move', () => {
    // Row 50 (1000–1020 px) with a 100 px viewport at 0: end-aligned to 920.
    expect(scrollTopFor(50, 'end', 1000, 20, 100, 0)).toBe(920);
    expect(scrollTopFor(50, 'auto', 1000, 20, 100, 0)).toBe(920);
    expect(scrollTopFor(50, 'auto', 1000, 20, 100, 1000)).toBe(1000); // already on screen
    expect(scrollTopFor(10, 'auto', 1000, 20, 100, 1000)).toBe(200); // above: its top at the top
    // Scaled: the last of 1,000,000 rows is at the very end of the scrollbar.
    expect(scrollTopFor(999_999, 'end', 1_000_000, 46, 600, 0)).toBe(MAX_SCROLL_HEIGHT - 600);
  });
});
