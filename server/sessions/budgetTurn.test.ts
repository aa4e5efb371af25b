/**
 * maxOutboxBytes with many sessions: the server total is summed once a turn of
 * the event loop (plus what was written since), not once per frame — a sum
 * over every WebSocket per frame made a class's worth of sessions quadratic —
 * and it still stops writing within the turn once the total is reached.
 */
import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../policy/MemoryBudget';
import { EventLog } from './EventLog';
import { Outbox, type Transport } from './Outbox';

/** A WebSocket whose buffer keeps what it was given (a browser not reading), counting who asks its size. */
class CountingTransport implements Transport {
  static reads = 0;
  queued = 0;
  get bufferedAmount() {
    CountingTransport.reads++;
    return this.queued;
  }
  send(data: string) {
    this.queued += data.length;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function sessions(n: number, budget: MemoryBudget) {
  return Array.from({ length: n }, () => {
    const log = new EventLog(1000);
    const outbox = new Outbox(log, 1 << 20, budget);
    const t = new CountingTransport();
    outbox.attach(t, 0);
    return { log, outbox, t };
  });
}

describe('the outbox total, once a turn', () => {
  it('500 sessions flushing in one turn read the WebSockets’ buffers O(sessions) times, not O(sessions²)', async () => {
    const budget = new MemoryBudget(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1 << 30);
    const all = sessions(500, budget);
    await tick();
    CountingTransport.reads = 0;
    for (const s of all) {
      s.log.append({ kind: 'paused', socket: 's1' }, 0);
      s.outbox.schedule();
    }
    await tick();
    expect(all.every((s) => s.t.queued > 0)).toBe(true);
    // Each outbox reads its own buffer a couple of times; the server total once: ~3 × 500, never 500 × 500.
    expect(CountingTransport.reads).toBeLessThan(5 * all.length);
  });

  it('within one turn, writing stops once the server total is reached (what was written this turn counts)', async () => {
    const budget = new MemoryBudget(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1000);
    const all = sessions(50, budget);
    await tick();
    for (const s of all) {
      s.log.append({ kind: 'paused', socket: 's1' }, 0);
      s.outbox.schedule();
    }
    await tick();
    const frame = all[0]!.t.queued;
    const written = all.reduce((sum, s) => sum + s.t.queued, 0);
    expect(frame).toBeGreaterThan(0);
    // Past the total by one frame at most, though no WebSocket drained meanwhile.
    expect(written).toBeLessThanOrEqual(1000 + frame);
    expect(all.filter((s) => s.t.queued === 0).length).toBeGreaterThan(0);
  });
});
