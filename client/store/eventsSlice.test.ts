import { describe, expect, it } from 'vitest';
import type { Event } from '../../shared/protocol';
import { createAlloStore } from './index';

const created = (seq: number): Event => ({ seq, t: seq, kind: 'created', socket: `s${seq}`, proto: 'udp', family: 4 });

describe('events slice', () => {
  it('stores each event once in seq order, counting the seqs it never received', () => {
    const store = createAlloStore();
    const s = () => store.getState();
    s().appendEvents([created(1), created(2)]);
    // A resume re-sends what the page may already hold: stored once.
    s().appendEvents([created(2), created(3)]);
    expect(s().events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(s().missed).toBe(0);
    // The server shed 4–6 before this page could read them.
    s().appendEvents([created(7), created(8)]);
    expect(s().head).toBe(8);
    expect(s().missed).toBe(3);
    // A new session or an imported recording starts the count again.
    s().replaceEvents([created(1)]);
    expect(s().missed).toBe(0);
  });
});
