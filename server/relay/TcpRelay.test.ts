/**
 * The TCP relay on real loopback sockets, with plain Node net sockets at both
 * ends. However bad the link, a byte stream arrives complete and in order; the
 * link can only make it later. Time is only ever checked as a lower bound (the
 * relay cannot beat its own bandwidth cap), never as an upper one.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpRelay } from './TcpRelay';
import { encodeMessage } from '../../shared/compare/message';
import { PRESETS, type LinkParams } from '../../shared/compare/link';

const opened: (() => void)[] = [];
afterEach(() => opened.splice(0).forEach((close) => close()));

async function listener(): Promise<{
  server: net.Server;
  port: number;
  received: Promise<{ bytes: Buffer; chunks: number }>;
}> {
  const server = net.createServer();
  let resolveReceived!: (v: { bytes: Buffer; chunks: number }) => void;
  const received = new Promise<{ bytes: Buffer; chunks: number }>((r) => (resolveReceived = r));
  server.on('connection', (s) => {
    const parts: Buffer[] = [];
    s.on('data', (b) => parts.push(b));
    s.on('end', () => {
      resolveReceived({ bytes: Buffer.concat(parts), chunks: parts.length });
      s.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  opened.push(() => server.close());
  return { server, port: (server.address() as net.AddressInfo).port, received };
}

async function through(link: LinkParams, messages: number, size: number) {
  const { port, received } = await listener();
  const chunks: number[] = [];
  const relay = await TcpRelay.open({
    family: 4,
    target: { address: '127.0.0.1', port, family: 4 },
    link,
    onChunk: (_d, b) => chunks.push(b),
  });
  opened.push(() => relay.close());
  const client = net.connect(relay.address().port, '127.0.0.1');
  opened.push(() => client.destroy());
  await relay.whenEstablished();
  const sent = Buffer.from(Array.from({ length: messages }, (_, i) => encodeMessage(i, size)).join(''));
  const t0 = performance.now();
  for (let i = 0; i < messages; i++) client.write(sent.subarray(i * size, (i + 1) * size));
  client.end();
  const got = await received;
  return { sent, got, elapsed: performance.now() - t0, relayChunks: chunks };
}

describe('TcpRelay on loopback', () => {
  it('delivers every byte in order through the terrible preset (25% "loss" has nothing to drop)', async () => {
    const { sent, got, relayChunks } = await through({ ...PRESETS.terrible, bandwidthKbps: 2000, seed: 1 }, 100, 100);
    expect(got.bytes.equals(sent)).toBe(true);
    expect(relayChunks.reduce((a, b) => a + b, 0)).toBe(sent.byteLength);
  });

  it('throttles to the bandwidth cap: 20 KB at 200 kbit/s cannot arrive in under 800 ms', async () => {
    const link: LinkParams = {
      lossPct: 0,
      delayMs: 20,
      jitterMs: 10,
      reorderPct: 0,
      duplicatePct: 0,
      bandwidthKbps: 200,
      seed: 3,
    };
    const { sent, got, elapsed } = await through(link, 200, 100);
    expect(got.bytes.equals(sent)).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(800);
  });

  it('pushes back on a fast sender instead of buffering without bound (1 MB at 8 Mbit/s)', async () => {
    const link: LinkParams = {
      lossPct: 0,
      delayMs: 0,
      jitterMs: 0,
      reorderPct: 0,
      duplicatePct: 0,
      bandwidthKbps: 8000,
      seed: 3,
    };
    const { port, received } = await listener();
    const relay = await TcpRelay.open({ family: 4, target: { address: '127.0.0.1', port, family: 4 }, link });
    opened.push(() => relay.close());
    const client = net.connect(relay.address().port, '127.0.0.1');
    opened.push(() => client.destroy());
    await relay.whenEstablished();
    const big = Buffer.alloc(1024 * 1024, 0x61);
    client.end(big);
    // While the link carries the megabyte (≈1 s), the relay holds far less than all of it.
    let maxPending = 0;
    const watch = setInterval(() => (maxPending = Math.max(maxPending, relay.pending())), 5);
    const got = await received;
    clearInterval(watch);
    expect(got.bytes.byteLength).toBe(big.byteLength);
    expect(maxPending).toBeLessThan(512 * 1024);
  });
});
