/**
 * The UDP relay on real loopback sockets, with plain Node dgram sockets at both
 * ends (outside any session). Statistics: each datagram is lost independently
 * with probability p, so the number lost out of N is Binomial(N, p), standard
 * deviation σ = √(N·p·(1−p)); the tests accept the expected count ± 3σ, which a
 * correct relay fails about 0.3% of the time for a given seed — and the seeds
 * are fixed, so a pass is a pass every time.
 */
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpRelay } from './UdpRelay';
import { decodeMessageNumber, encodeMessage } from '../../shared/compare/message';
import type { DatagramDecision } from '../../shared/compare/decide';
import { type LinkParams, UNTOUCHED_LINK } from '../../shared/compare/link';

const opened: (() => void)[] = [];
afterEach(() => opened.splice(0).forEach((close) => close()));

async function udp(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  opened.push(() => s.close());
  return s;
}

/** Sends N numbered datagrams through a relay with `link` and returns what arrived and what the relay decided. */
async function through(link: LinkParams, n: number, intervalMs = 1) {
  const receiver = await udp();
  const sender = await udp();
  const arrived: number[] = [];
  receiver.on('message', (m) => arrived.push(decodeMessageNumber(m.toString('latin1'))!));
  const decisions: DatagramDecision[] = [];
  const relay = await UdpRelay.open({
    family: 4,
    target: { address: '127.0.0.1', port: receiver.address().port, family: 4 },
    link,
    onDecision: (d) => decisions.push(d),
  });
  opened.push(() => relay.close());
  const to = relay.address();
  for (let i = 0; i < n; i++) {
    sender.send(encodeMessage(i, 32), to.port, to.address);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  // Every datagram has reached the relay once it has decided them all; then wait for the link to empty.
  await expect.poll(() => decisions.length, { timeout: 10_000 }).toBe(n);
  await relay.whenIdle();
  const forwarded = decisions.filter((d) => d.action === 'forward');
  const expectedCopies = forwarded.length + forwarded.filter((d) => d.action === 'forward' && d.duplicate).length;
  await expect.poll(() => arrived.length, { timeout: 10_000 }).toBe(expectedCopies);
  return { arrived, decisions, relay };
}

const lostSet = (arrived: number[], n: number) =>
  Array.from({ length: n }, (_, i) => i).filter((i) => !arrived.includes(i));

describe('UdpRelay on loopback', () => {
  it('loses about loss% of 400 datagrams (20%: 80 ± 3σ = 80 ± 24), exactly the ones it reported dropping', async () => {
    const { arrived, decisions } = await through({ ...UNTOUCHED_LINK, lossPct: 20, seed: 2024 }, 400);
    const lost = lostSet(arrived, 400);
    expect(Math.abs(lost.length - 80)).toBeLessThanOrEqual(24);
    expect(lost.map((i) => i + 1)).toEqual(decisions.filter((d) => d.action === 'drop').map((d) => d.n));
  });

  it('loses the same datagrams again with the same seed, and others with another seed', async () => {
    const a = lostSet((await through({ ...UNTOUCHED_LINK, lossPct: 30, seed: 7 }, 100)).arrived, 100);
    const b = lostSet((await through({ ...UNTOUCHED_LINK, lossPct: 30, seed: 7 }, 100)).arrived, 100);
    const c = lostSet((await through({ ...UNTOUCHED_LINK, lossPct: 30, seed: 8 }, 100)).arrived, 100);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('duplicates exactly the datagrams it chose to (10% of 400: 40 ± 3σ = 40 ± 18)', async () => {
    const { arrived, decisions } = await through({ ...UNTOUCHED_LINK, duplicatePct: 10, seed: 5 }, 400);
    const extra = arrived.length - new Set(arrived).size;
    expect(extra).toBe(decisions.filter((d) => d.action === 'forward' && d.duplicate).length);
    expect(Math.abs(extra - 40)).toBeLessThanOrEqual(18);
  });

  it('reorders: a held datagram arrives after the next one (10% of 400: 40 ± 18 late arrivals)', async () => {
    const { arrived, decisions } = await through({ ...UNTOUCHED_LINK, reorderPct: 10, seed: 9 }, 400);
    let highest = -1;
    let late = 0;
    for (const n of arrived) {
      if (n < highest) late++;
      highest = Math.max(highest, n);
    }
    const held = decisions.filter((d) => d.action === 'forward' && d.reorder).length;
    // Two reorder decisions in a row hold only the first (the second overtakes it), so late ≤ held.
    expect(late).toBeLessThanOrEqual(held);
    expect(Math.abs(late - 40)).toBeLessThanOrEqual(18);
    expect([...arrived].sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('delivers everything in order on a UNTOUCHED_LINK link', async () => {
    const { arrived } = await through({ ...UNTOUCHED_LINK, delayMs: 5 }, 100, 2);
    expect(arrived).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('UdpRelay bandwidth cap on loopback', () => {
  it('queues a burst behind the cap and drops what would wait past maxQueueMs', async () => {
    const receiver = await udp();
    const sender = await udp();
    let arrived = 0;
    receiver.on('message', () => arrived++);
    const decisions: DatagramDecision[] = [];
    // 1000-byte datagrams at 80 kbit/s: 100 ms each on the wire; the queue holds 1000 ms.
    const relay = await UdpRelay.open({
      family: 4,
      target: { address: '127.0.0.1', port: receiver.address().port, family: 4 },
      link: { ...UNTOUCHED_LINK, bandwidthKbps: 80 },
      onDecision: (d) => decisions.push(d),
    });
    opened.push(() => relay.close());
    const big = Buffer.alloc(1000, 0x61);
    for (let i = 0; i < 30; i++) sender.send(big, relay.address().port, '127.0.0.1');
    await expect.poll(() => decisions.length, { timeout: 10_000 }).toBe(30);
    const forwarded = decisions.filter((d) => d.action === 'forward').length;
    // The burst reaches the relay within a few ms: about 11 fit in a 1000 ms queue (the first one waits for none).
    expect(forwarded).toBeGreaterThanOrEqual(10);
    expect(forwarded).toBeLessThanOrEqual(14);
    expect(decisions.filter((d) => d.action === 'drop').every((d) => d.action === 'drop' && d.reason === 'queue')).toBe(
      true,
    );
    await relay.whenIdle();
    await expect.poll(() => arrived, { timeout: 5000 }).toBe(forwarded);
  });
});
