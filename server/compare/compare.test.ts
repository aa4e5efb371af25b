/**
 * The `compare` op end to end on the in-process server: real sockets in the
 * session, real relays on loopback, scored by the same pure scoreboard the page
 * uses. Statistics: each datagram is lost (or held back, or duplicated)
 * independently with probability p, so the count out of N is Binomial(N, p) with
 * σ = √(N·p·(1−p)); we accept the expected count ± 3σ. The seeds are fixed, so
 * the relay's decisions are the same on every run; only the kernel's part (which
 * never loses on loopback at these rates) could vary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';
import type { AlloTestClient } from '../testing/client';
import { scoreCompare } from '../../shared/compare/scoreboard';
import { encodeMessage } from '../../shared/compare/message';
import { type CompareScript, type LinkParams, UNTOUCHED_LINK } from '../../shared/compare/link';

let server: TestServer;
beforeAll(async () => {
  // The relays alone: their seeded decisions are what these tests check (server/netns/netns.test.ts has the kernel's link).
  server = await startTestServer({ compareLink: 'relay' });
});
afterAll(async () => server?.close());

async function compare(c: AlloTestClient, script: CompareScript, link: LinkParams, family: 4 | 6 = 4) {
  const started = await c.ok({ op: 'compare', script, link, family });
  const ended = await c.waitFor('compare-ended', (e) => e.run === started.run, 30_000);
  // The run hangs up its five sockets after it ends.
  const child = c.eventsOf('accepted', started.tcp.listener)[0]!.child;
  const ends = [started.tcp.listener, started.tcp.sender, child, started.udp.receiver, started.udp.sender];
  await c.until(() => ends.every((s) => c.eventsOf('closed', s).length === 1), 'the run to hang up its five sockets');
  const score = scoreCompare(c.events, started.run)!;
  return { started, ended, score };
}

/** Bytes the TCP receiver got, in stream order, from its received events' previews. */
function tcpStream(c: AlloTestClient, listener: string): string {
  const child = c.eventsOf('accepted', listener)[0]!.child;
  return c
    .eventsOf('received', child)
    .map((e) => e.data.text ?? '')
    .join('');
}

describe('compare op', () => {
  it('N=400 with 20% loss: UDP loses 80 ± 24, exactly the ones the relay dropped; TCP delivers all 400 in order', async () => {
    const c = await server.client({ timeoutMs: 30_000 });
    const script = { count: 400, size: 32, intervalMs: 5 };
    const { started, ended, score } = await compare(c, script, {
      ...UNTOUCHED_LINK,
      lossPct: 20,
      delayMs: 5,
      seed: 2026,
    });
    expect(ended.reason).toBe('done');
    const { tcp, udp } = score;
    expect([tcp.sent, tcp.delivered, tcp.lost, tcp.outOfOrder, tcp.duplicated]).toEqual([400, 400, 0, 0, 0]);
    expect(tcpStream(c, started.tcp.listener)).toBe(
      Array.from({ length: 400 }, (_, i) => encodeMessage(i, 32)).join(''),
    );
    expect(udp.sent).toBe(400);
    expect(Math.abs(udp.lost - 80)).toBeLessThanOrEqual(24);
    expect(udp.delivered + udp.lost).toBe(400);
    const dropped = c
      .eventsOf('link')
      .filter((e) => e.lane === 'udp' && e.action === 'drop')
      .map((e) => e.msg)
      .sort((a, b) => a! - b!);
    const lost = udp.messages.flatMap((m, i) => (m.lost ? [i] : []));
    expect(lost).toEqual(dropped);
    expect(udp.boundaries).toBe('kept');
    expect(tcp.latencyP50).toBeGreaterThanOrEqual(5);
  });

  it('reorders and duplicates UDP at the configured rates (N=200, 10%: 20 ± 13 each); TCP unaffected', async () => {
    const c = await server.client({ timeoutMs: 30_000 });
    const { score } = await compare(
      c,
      { count: 200, size: 16, intervalMs: 5 },
      { ...UNTOUCHED_LINK, reorderPct: 10, duplicatePct: 10, seed: 77 },
    );
    const links = c.eventsOf('link').filter((e) => e.lane === 'udp');
    expect(score.udp.delivered).toBe(200);
    expect(score.udp.duplicated).toBe(links.filter((e) => e.duplicate).length);
    expect(Math.abs(score.udp.duplicated - 20)).toBeLessThanOrEqual(13);
    expect(Math.abs(score.udp.outOfOrder - 20)).toBeLessThanOrEqual(13);
    expect(score.udp.outOfOrder).toBeLessThanOrEqual(links.filter((e) => e.reorder).length);
    expect([score.tcp.delivered, score.tcp.outOfOrder, score.tcp.duplicated]).toEqual([200, 0, 0]);
  });

  it('delays and throttles TCP but delivers every byte in order (IPv6, 50 ms, 400 kbit/s)', async () => {
    const c = await server.client({ timeoutMs: 30_000 });
    const link = { ...UNTOUCHED_LINK, delayMs: 50, jitterMs: 20, bandwidthKbps: 400, seed: 5 };
    const { started, score } = await compare(c, { count: 100, size: 200, intervalMs: 5 }, link, 6);
    expect(started.relays.tcp.family).toBe(6);
    expect(score.tcp.delivered).toBe(100);
    expect(tcpStream(c, started.tcp.listener)).toBe(
      Array.from({ length: 100 }, (_, i) => encodeMessage(i, 200)).join(''),
    );
    // A lower bound only: nothing crosses this link in under 30 ms (50 − 20 of jitter).
    expect(score.tcp.latencyP50).toBeGreaterThanOrEqual(30);
    expect(score.udp.latencyP50).toBeGreaterThanOrEqual(30);
  });

  it('refuses bad parameters, a second run at once, and stops a run on request', async () => {
    const c = await server.client({ timeoutMs: 10_000 });
    expect(
      (await c.fail({ op: 'compare', script: { count: 501, size: 32, intervalMs: 5 }, link: UNTOUCHED_LINK })).code,
    ).toBe('INVALID');
    expect(
      (await c.fail({ op: 'compare', script: { count: 10, size: 32, intervalMs: 1 }, link: UNTOUCHED_LINK })).code,
    ).toBe('INVALID');
    expect(
      (
        await c.fail({
          op: 'compare',
          script: { count: 10, size: 32, intervalMs: 5 },
          link: { ...UNTOUCHED_LINK, lossPct: 120 },
        })
      ).code,
    ).toBe('INVALID');
    const tooLong = await c.fail({
      op: 'compare',
      script: { count: 500, size: 1400, intervalMs: 5 },
      link: { ...UNTOUCHED_LINK, bandwidthKbps: 8 },
    });
    expect([tooLong.code, tooLong.limit]).toEqual(['LIMIT', 'compareMaxRunMs']);
    const run = await c.ok({ op: 'compare', script: { count: 200, size: 16, intervalMs: 50 }, link: UNTOUCHED_LINK });
    expect(
      (await c.fail({ op: 'compare', script: { count: 2, size: 16, intervalMs: 5 }, link: UNTOUCHED_LINK })).code,
    ).toBe('BAD_STATE');
    expect((await c.fail({ op: 'compare-stop', run: 'c99' })).code).toBe('NOT_FOUND');
    await c.ok({ op: 'compare-stop', run: run.run });
    const ended = await c.waitFor('compare-ended', (e) => e.run === run.run);
    expect(ended.reason).toBe('stopped');
    // Its sockets are closed, so a new run may start.
    const next = await c.ok({ op: 'compare', script: { count: 2, size: 16, intervalMs: 5 }, link: UNTOUCHED_LINK });
    expect((await c.waitFor('compare-ended', (e) => e.run === next.run)).reason).toBe('done');
  });

  it('refuses a run when the session has no room for its five sockets', async () => {
    const c = await server.client();
    for (let i = 0; i < 28; i++) await c.ok({ op: 'socket', proto: 'udp', family: 4 });
    const e = await c.fail({ op: 'compare', script: { count: 2, size: 16, intervalMs: 5 }, link: UNTOUCHED_LINK });
    expect([e.code, e.limit]).toEqual(['LIMIT', 'maxSocketsPerSession']);
  });
});

describe('compare run and the session', () => {
  it('closes its relays when the session ends in the middle of a run', async () => {
    const net = await import('node:net');
    const dgram = await import('node:dgram');
    const c = await server.client({ timeoutMs: 10_000 });
    const run = await c.ok({ op: 'compare', script: { count: 200, size: 16, intervalMs: 20 }, link: UNTOUCHED_LINK });
    await c.waitFor('received');
    await c.terminate();
    // The test server's resume grace is 300 ms; then the session ends and takes the relays with it.
    const refused = () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(run.relays.tcp.port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(false)));
        s.once('error', () => resolve(true));
      });
    await expect.poll(refused, { timeout: 5000, interval: 100 }).toBe(true);
    // The relay's UDP port is free again: binding it succeeds.
    const u = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      u.once('error', reject);
      u.bind(run.relays.udp.port, '127.0.0.1', () => resolve());
    });
    u.close();
  });
});

describe('compare-stop during setup', () => {
  it('hangs up what was set up and never starts sending', async () => {
    const c = await server.client({ timeoutMs: 10_000 });
    const starting = c.send({ op: 'compare', script: { count: 50, size: 16, intervalMs: 10 }, link: UNTOUCHED_LINK });
    // Run ids are c1, c2… per session: the first one can be stopped before its reply.
    const stopped = await c.send({ op: 'compare-stop', run: 'c1' });
    const reply = await starting;
    expect(stopped.ok).toBe(true);
    expect(reply.ok ? 'ok' : reply.error.code).toBe('BAD_STATE');
    await c.waitFor('compare-ended', (e) => e.reason === 'stopped');
    await c.until(() => c.eventsOf('closed').length >= 5, 'every socket of the run to close');
    expect(c.eventsOf('sent')).toHaveLength(0);
    expect(c.eventsOf('compare-started')).toHaveLength(0);
  });
});
