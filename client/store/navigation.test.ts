import { describe, expect, it } from 'vitest';
import { dueIndex, indexAtOrBefore, replayDelay, startSeq, stepSeq } from './navigation';

const ev = (seq: number, t: number) => ({ seq, t });
// A recording that starts at seq 5 (the first four were shed) with a long silence before seq 8.
const events = [ev(5, 0), ev(6, 10), ev(7, 30), ev(8, 60_000), ev(9, 60_001)];

describe('timeline navigation', () => {
  it('finds the event at or before a cursor', () => {
    expect(indexAtOrBefore(events, 4)).toBe(-1);
    expect(indexAtOrBefore(events, 5)).toBe(0);
    expect(indexAtOrBefore(events, 100)).toBe(4);
  });

  it('steps back to the start and forward to the end, never past them', () => {
    expect(startSeq(events)).toBe(4);
    expect(stepSeq(events, 7, -1)).toBe(6);
    expect(stepSeq(events, 5, -1)).toBe(4);
    expect(stepSeq(events, 4, -1)).toBe(4);
    expect(stepSeq(events, 4, 1)).toBe(5);
    expect(stepSeq(events, 9, 1)).toBe(9);
    expect(stepSeq([], 0, 1)).toBe(0);
  });

  it('scales real gaps by the speed and caps long silences', () => {
    expect(replayDelay(events[0], events[1]!, 1)).toBe(10);
    expect(replayDelay(events[0], events[1]!, 4)).toBe(2.5);
    expect(replayDelay(events[0], events[1]!, 0.25)).toBe(40);
    expect(replayDelay(events[2], events[3]!, 1)).toBe(1500);
  });

  it('shows every event that is due, in one step, and says when the next one is', () => {
    // Shown event 5 at time 1000; at 1020, seq 6 (due 1010) is shown, seq 7 is due at 1030.
    expect(dueIndex(events, 0, 1000, 1020, 1)).toEqual({ index: 1, shownAt: 1010, nextAt: 1030 });
    // Far later: everything is due, with the 60 s silence capped at 1.5 s.
    expect(dueIndex(events, 0, 1000, 1_000_000, 1)).toEqual({ index: 4, shownAt: 1000 + 30 + 1500 + 1, nextAt: null });
  });
});
