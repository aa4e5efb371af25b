/**
 * Memory bounded in bytes (issue 11 point 3): the replay log and the outbox
 * against their byte budgets, without sockets; then on a real server, a session
 * whose previews are dropped from the replay-only part of its log.
 */
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { MemoryBudget } from '../policy/MemoryBudget';
import { AlloTestClient } from '../testing/client';
import { openSocket } from '../testing/scenarios';
import { startTestServer } from '../testing/server';
import { eventually } from '../testing/wait';
import { EventLog } from './EventLog';
import { EVENT_OVERHEAD_BYTES, estimateEventBytes } from './eventBytes';
import { Outbox } from './Outbox';
import { MemoryTransport, nextTurn } from '../testing/transport';

const preview = { base64: 'A'.repeat(4096 * 1.34), text: 'a'.repeat(4096) };
const received = (log: EventLog, i: number) =>
  log.append({ kind: 'received', socket: 's1', bytes: 4096, offset: i * 4096, data: preview }, i);
const FULL = estimateEventBytes({
  seq: 1,
  t: 0,
  kind: 'received',
  socket: 's1',
  bytes: 4096,
  offset: 0,
  data: preview,
});

describe('the byte estimate', () => {
  it('is cheap and close to the JSON length of the event', () => {
    const e = {
      seq: 123456,
      t: 98765.432,
      kind: 'received',
      socket: 's12',
      bytes: 4096,
      offset: 40960,
      data: preview,
    } as const;
    const json = JSON.stringify(e).length;
    expect(FULL).toBeGreaterThanOrEqual(json);
    expect(FULL).toBeLessThan(json * 1.5);
  });
});

describe('EventLog byte budget', () => {
  it('holds maxBytes after every append; past it the oldest are shed and counted exactly', () => {
    const maxBytes = 1024 * 1024;
    const log = new EventLog({ maxEvents: 100_000, maxBytes });
    for (let i = 0; i < 2000; i++) {
      received(log, i);
      expect(log.bytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(log.shed + log.size).toBe(2000);
    expect(log.size).toBe(Math.floor(maxBytes / FULL));
    expect(log.strippedCount).toBe(0); // nothing was written to a WebSocket: nothing is replay-only
    const kept = log.after(0, 100_000);
    expect(kept[0]!.seq).toBe(log.shed + 1);
    expect(kept.at(-1)!.seq).toBe(2000);
  });

  it('drops previews of delivered events first (oldest first), keeps bytes and offset, and sheds nothing', () => {
    const maxBytes = 1024 * 1024;
    const log = new EventLog({ maxEvents: 100_000, maxBytes });
    for (let i = 0; i < 2000; i++) {
      received(log, i);
      log.markDelivered(log.lastSeq - 1); // a fast reader: all but the newest written
      expect(log.bytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(log.shed).toBe(0);
    expect(log.strippedCount).toBeGreaterThan(1800);
    const kept = log.after(0, 100_000);
    expect(kept).toHaveLength(2000);
    const first = kept[0]!;
    expect(first).toMatchObject({ kind: 'received', bytes: 4096, offset: 0, data: { base64: '', truncated: true } });
    expect(first.kind === 'received' && first.data.text).toBeUndefined();
    expect(kept.at(-1)).toMatchObject({ data: preview }); // not yet written: whole
  });

  it('never strips an event that has not been written yet', () => {
    const log = new EventLog({ maxEvents: 100_000, maxBytes: 100 * FULL });
    for (let i = 0; i < 50; i++) received(log, i);
    log.markDelivered(10);
    for (let i = 50; i < 200; i++) received(log, i);
    expect(log.strippedCount).toBeLessThanOrEqual(10);
    for (const e of log.after(0, 1000)) if (e.seq > 10) expect(e).toMatchObject({ data: preview });
    expect(log.shed + log.size).toBe(200);
  });

  it('the server budget: logs share one counter; a log above its share trims itself while the server is over', () => {
    const server = new MemoryBudget(200 * FULL, 50 * FULL, Number.POSITIVE_INFINITY);
    const quiet = new EventLog({ maxEvents: 100_000, server });
    const busy = new EventLog({ maxEvents: 100_000, server });
    for (let i = 0; i < 180; i++) received(quiet, i);
    for (let i = 0; i < 500; i++) received(busy, i);
    expect(server.logBytes).toBe(quiet.bytes + busy.bytes);
    expect(busy.bytes).toBeLessThanOrEqual(50 * FULL);
    expect(busy.shed + busy.size).toBe(500);
    expect(quiet.shed).toBe(0);
    quiet.release();
    busy.release();
    expect(server.logBytes).toBe(0);
  });

  it('a small event costs its overhead only', () => {
    const log = new EventLog(10);
    log.append({ kind: 'paused', socket: 's1' }, 0);
    expect(log.bytes).toBe(EVENT_OVERHEAD_BYTES);
  });
});

describe('Outbox byte budget', () => {
  it('marks events delivered once their frame is written, and counts shed events in every frame', async () => {
    const log = new EventLog({ maxEvents: 100_000, maxBytes: 20 * FULL });
    const outbox = new Outbox(log, 1 << 30);
    const t = new MemoryTransport();
    outbox.attach(t, 0);
    for (let i = 0; i < 10; i++) received(log, i);
    outbox.schedule();
    await nextTurn();
    t.drain(); // written: 1–10 are replay-only now
    for (let i = 10; i < 40; i++) received(log, i);
    expect(log.strippedCount).toBe(10);
    expect(log.shed).toBe(40 - log.size);
    outbox.schedule();
    await nextTurn();
    const last = t.frames.at(-1)!;
    expect(last.shed).toBe(log.shed);
    const seqs = t.frames.flatMap((f) => f.events.map((e) => e.seq));
    expect(seqs.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seqs.slice(10)).toEqual(Array.from({ length: seqs.length - 10 }, (_, i) => 10 + log.shed - 10 + 1 + i));
    for (const e of last.events) expect(e).toMatchObject({ data: preview }); // live events arrive whole
  });

  it('maxOutboxBytes: while all WebSockets together hold more, no outbox writes; a drain wakes the others', async () => {
    const budget = new MemoryBudget(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1000);
    const logA = new EventLog(100);
    const logB = new EventLog(100);
    const a = new Outbox(logA, 1 << 20, budget);
    const b = new Outbox(logB, 1 << 20, budget);
    const ta = new MemoryTransport();
    const tb = new MemoryTransport();
    a.attach(ta, 0);
    b.attach(tb, 0);
    logA.append({ kind: 'paused', socket: 's1' }, 0);
    a.schedule();
    await nextTurn();
    expect(ta.frames).toHaveLength(1);
    ta.bufferedAmount = 5000; // A's browser is slow: the server total is past maxOutboxBytes
    logB.append({ kind: 'paused', socket: 's1' }, 0);
    b.schedule();
    await nextTurn();
    expect(tb.frames).toHaveLength(0); // B waits although its own buffer is empty
    ta.drain();
    await nextTurn();
    expect(tb.frames).toHaveLength(1);
    expect(budget.outboxBytes()).toBe(0);
  });
});

describe('on a real server', () => {
  it('a fast reader gets every preview live; on resume the replay-only part comes back without previews, nothing shed', async () => {
    const server = await startTestServer({ limits: { maxLogBytesPerSession: 64 * 1024, resumeGraceMs: 10_000 } });
    const peer = dgram.createSocket('udp4');
    try {
      const a = await server.client();
      expect(a.welcome?.server.policy.limits).toMatchObject({
        maxLogBytesPerSession: 64 * 1024,
        maxLogBytes: 512 * 1024 * 1024,
        maxOutboxBytes: 256 * 1024 * 1024,
      });
      const u = await openSocket(a, 'udp', 4);
      const { local } = await a.ok({ op: 'bind', socket: u, port: 0 });
      const N = 100;
      for (let i = 0; i < N; i++) {
        peer.send(Buffer.alloc(2000, 0x61 + (i % 26)), local.port, '127.0.0.1');
        // One at a time, so each is written to the WebSocket before the next arrives.
        await a.waitFor(
          'received',
          (e) => e.socket === u && e.offset === 0 && a.eventsOf('received', u).length === i + 1,
        );
      }
      const live = a.eventsOf('received', u);
      expect(live).toHaveLength(N);
      for (const e of live) expect(Buffer.from(e.data.base64, 'base64')).toHaveLength(2000);
      await a.terminate();
      await eventually(() => server.stats().websockets === 0, 'the server to notice');
      const b = await AlloTestClient.connect(server.wsUrl, { hello: { token: a.welcome!.token, lastSeq: 0 } });
      await b.until(() => b.eventsOf('received', u).length === N, `${N} received events replayed`);
      expect(b.shed).toBe(0);
      const replayed = b.eventsOf('received', u);
      const bare = replayed.filter((e) => e.data.base64 === '' && e.data.truncated === true);
      expect(bare.length).toBeGreaterThan(N / 2);
      for (const e of replayed) expect(e.bytes).toBe(2000);
      // What is kept fits the budget: 64 KiB holds ~12 whole previews of 2000 bytes (+ text).
      expect(replayed.length - bare.length).toBeLessThan(20);
      await b.close();
    } finally {
      peer.close();
      await server.close();
    }
  });
});
