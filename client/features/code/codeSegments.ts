/** Lines per plain segment of the code view: the unit React re-renders and the browser lays out. */
export const SEGMENT_LINES = 100;

export interface Segment {
  start: number;
  /** One past the last line. */
  end: number;
  hl: boolean;
}

/**
 * Cuts a program of `count` lines into segments: a new one at every change of
 * highlighting and every SEGMENT_LINES lines (counted from line 0, so a plain
 * segment keeps its bounds while the program grows below it or the highlight
 * moves elsewhere — and React keeps its DOM).
 */
export function segmentLines(count: number, highlighted: ReadonlySet<number>): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  while (i < count) {
    const hl = highlighted.has(i);
    let j = i + 1;
    while (j < count && highlighted.has(j) === hl && j % SEGMENT_LINES !== 0) j++;
    out.push({ start: i, end: j, hl });
    i = j;
  }
  return out;
}
