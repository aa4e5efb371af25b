/**
 * Keeps the benchmark runnable: each measure, at a tiny size, delivers what it
 * counts. No figure is asserted — timing belongs to `npm run bench`, not to tests.
 */
import { describe, expect, it } from 'vitest';
import { measureEchoRtt } from './echoRtt';
import { measureEventRate, measureOffered } from './eventRate';
import { measureSessions } from './sessions';
import { measureMemory } from './memory';
import { measureFloodMemory } from './flood-memory';
import { measureSoak } from './soak';

describe('bench smoke', () => {
  it('(a) every datagram becomes one received event at the WebSocket client; the bare run delivers every frame', async () => {
    const r = await measureEventRate(500, 32, 1);
    expect(r.allo.events).toBe(500);
    expect(r.allo.lost).toBe(0);
    expect(r.allo.frames).toBeGreaterThan(0);
    expect(r.bare.events).toBe(500);
    expect(r.frameBytes).toBeGreaterThan(100);
    expect(Number.isFinite(r.ratio)).toBe(true);
  });

  it('(b) every echo comes back, through the session and through plain net, with the session timestamps paired', async () => {
    const r = await measureEchoRtt(2, 5, 2);
    for (const s of [r.session, r.sessionEvents, r.plain]) {
      expect(s.n).toBe(10);
      expect(s.p50).toBeGreaterThan(0);
      expect(Number.isFinite(s.p95)).toBe(true);
    }
  });

  it('(c) memory is measured while the driver holds its sessions open', async () => {
    const m = await measureMemory('idle session', 'sessions', 5);
    expect(m.count).toBe(5);
    expect(Number.isFinite(m.heapPer)).toBe(true);
  });

  it('(g) the flood reaches the session and its figures are measured', async () => {
    const f = await measureFloodMemory(1, 1);
    expect(f.datagrams).toBeGreaterThan(0);
    expect(f.session0.received).toBeGreaterThan(0);
    expect(f.session0.gaps).toBe(0);
    expect(f.budget.logBytes).toBeGreaterThan(0);
  }, 60_000);

  it('(h) the soak exchanges, loses nothing and gives its descriptors back', async () => {
    const f = await measureSoak(2, 1);
    expect(f.sends).toBeGreaterThan(0);
    expect([f.seqGaps, f.shed, f.lost]).toEqual([0, 0, 0]);
    expect(f.fdsDuring).toBeGreaterThan(f.fdsBefore);
  }, 60_000);

  it('(a) an offered load from bench/lib/udpLoad is sent at its rate and every datagram arrives as an event', async () => {
    const o = await measureOffered(1000, 0.5);
    expect(o.sent).toBe(500);
    expect(o.received).toBe(500);
    expect(o.lost).toBe(0);
    expect(o.offered).toBeGreaterThan(0);
  }, 60_000);

  it('(i) sessions exchange at 1 datagram/s per socket from child processes: every datagram comes back, no seq gap', async () => {
    const f = await measureSessions(4, 2, 2);
    expect(f.sessions).toBe(4);
    expect(f.sends).toBe(4 * 2 * 2);
    expect([f.seqGaps, f.missing, f.errors, f.shed]).toEqual([0, 0, 0, 0]);
    expect(f.rssOpen).toBeGreaterThan(0);
    expect(Number.isFinite(f.reply.p99) && Number.isFinite(f.delay.p99)).toBe(true);
  }, 90_000);
});
