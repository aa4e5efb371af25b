import { describe, expect, it } from 'vitest';
import { dueIndex, indexAtOrBefore, MIN_ON_SCREEN_MS, replayDelay, startSeq, stepSeq } from './navigation';

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
    expect(replayDelay(events[0], events[1]!, 1, 1500, 0)).toBe(10);
    expect(replayDelay(events[0], events[1]!, 4, 1500, 0)).toBe(2.5);
    expect(replayDelay(events[0], events[1]!, 0.25, 1500, 0)).toBe(40);
    expect(replayDelay(events[2], events[3]!, 1, 1500, 0)).toBe(1500);
  });

  it('shows every event that is due, in one step, and says when the next one is', () => {
    // Shown event 5 at time 1000; at 1020, seq 6 (due 1010) is shown, seq 7 is due at 1030.
    expect(dueIndex(events, 0, 1000, 1020, 1, 0)).toEqual({ index: 1, shownAt: 1010, nextAt: 1030 });
    // Far later: everything is due, with the 60 s silence capped at 1.5 s.
    expect(dueIndex(events, 0, 1000, 1_000_000, 1, 0)).toEqual({
      index: 4,
      shownAt: 1000 + 30 + 1500 + 1,
      nextAt: null,
    });
  });

  it('keeps every event on screen a minimum time scaled by the speed, kernel readings excepted', () => {
    expect(MIN_ON_SCREEN_MS).toBe(500);
    // The handshake in one millisecond: each step still waits the minimum.
    const syn = { seq: 1, t: 5, kind: 'connecting' };
    const ack = { seq: 2, t: 5, kind: 'connected' };
    expect(replayDelay(syn, ack, 1)).toBe(500);
    expect(replayDelay(syn, ack, 0.25)).toBe(2000);
    expect(replayDelay(syn, ack, 4)).toBe(125);
    // A real gap longer than the minimum is kept as it is.
    expect(replayDelay(events[0], { seq: 6, t: 900 }, 1)).toBe(900);
    expect(replayDelay({ seq: 1, t: 0, kind: 'kernel' }, ack, 1)).toBe(5);
    // dueIndex walks the same minimums: at 0.25x, two events of the same ms are 2 s apart.
    expect(dueIndex([syn, ack], 0, 0, 1999, 0.25)).toEqual({ index: 0, shownAt: 0, nextAt: 2000 });
    expect(dueIndex([syn, ack], 0, 0, 2000, 0.25).index).toBe(1);
  });
});
