import { describe, expect, it } from 'vitest';
import { SEGMENT_LINES, segmentLines } from './codeSegments';

describe('code view segments', () => {
  it('covers every line once, in order, cut at highlight changes and every SEGMENT_LINES lines', () => {
    const n = SEGMENT_LINES * 2 + 30;
    const hl = new Set([SEGMENT_LINES - 2, SEGMENT_LINES - 1, SEGMENT_LINES, SEGMENT_LINES + 1]);
    const segs = segmentLines(n, hl);
    expect(segs[0]).toEqual({ start: 0, end: SEGMENT_LINES - 2, hl: false });
    expect(segs.filter((s) => s.hl).map((s) => [s.start, s.end])).toEqual([
      [SEGMENT_LINES - 2, SEGMENT_LINES],
      [SEGMENT_LINES, SEGMENT_LINES + 2],
    ]);
    let next = 0;
    for (const s of segs) {
      expect(s.start).toBe(next);
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.end - s.start).toBeLessThanOrEqual(SEGMENT_LINES);
      next = s.end;
    }
    expect(next).toBe(n);
  });

  it('keeps the bounds of the segments above when the program grows', () => {
    const before = segmentLines(250, new Set());
    const after = segmentLines(420, new Set());
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
  });
});
