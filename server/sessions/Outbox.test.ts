/** The outbox against an in-memory transport whose buffered amount the test controls. */
import { describe, expect, it } from 'vitest';
import { EventLog } from './EventLog';
import { Outbox } from './Outbox';
import { MemoryTransport, nextTurn } from '../testing/transport';

const paused = (log: EventLog, socket: string) => log.append({ kind: 'paused', socket }, 0);

describe('Outbox', () => {
  it('batches the events of one turn of the loop into one frame', async () => {
    const log = new EventLog(100);
    const outbox = new Outbox(log, 1000);
    const t = new MemoryTransport();
    outbox.attach(t, 0);
    for (let i = 0; i < 5; i++) {
      paused(log, `s${i}`);
      outbox.schedule();
    }
    await nextTurn();
    expect(t.frames).toHaveLength(1);
    expect(t.frames[0]!.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops writing above maxBufferedBytes and resumes when the browser drains, losing nothing', async () => {
    const log = new EventLog(100);
    const outbox = new Outbox(log, 1000);
    const t = new MemoryTransport();
    outbox.attach(t, 0);
    paused(log, 's1');
    outbox.schedule();
    await nextTurn();
    t.bufferedAmount = 5000; // a slow browser
    for (let i = 0; i < 3; i++) {
      paused(log, 's2');
      outbox.schedule();
      await nextTurn();
    }
    expect(t.frames).toHaveLength(1);
    t.drain();
    await nextTurn();
    expect(t.frames).toHaveLength(2);
    expect(t.frames[1]!.events.map((e) => e.seq)).toEqual([2, 3, 4]);
  });

  it('replays from lastSeq on attach, and counts shed events in each frame', async () => {
    const log = new EventLog(3);
    for (let i = 0; i < 5; i++) paused(log, 's1');
    const outbox = new Outbox(log, 1000);
    const t = new MemoryTransport();
    outbox.attach(t, 1);
    await nextTurn();
    expect(t.frames[0]).toMatchObject({ shed: 2 });
    expect(t.frames[0]!.events.map((e) => e.seq)).toEqual([3, 4, 5]);
  });
});

describe('Outbox frame size', () => {
  it('slices a long backlog of big events into frames of bounded size, in order', async () => {
    const log = new EventLog(1000);
    const data = { base64: 'A'.repeat(40_000) };
    for (let i = 0; i < 20; i++)
      log.append({ kind: 'received', socket: 's1', bytes: 30_000, offset: i * 30_000, data }, i);
    const outbox = new Outbox(log, 10 * 1024 * 1024);
    const t = new MemoryTransport();
    outbox.attach(t, 0);
    await nextTurn();
    expect(t.frames.length).toBeGreaterThan(1);
    expect(t.frames.flatMap((f) => f.events.map((e) => e.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const f of t.frames) expect(JSON.stringify(f).length).toBeLessThan(256 * 1024 + 50_000);
  });
});
