/**
 * (d) The compare relays' cost and accuracy, on loopback:
 *   - UDP: datagrams per second through a quiet relay vs sent straight to the
 *     receiver (windowed, so neither side overruns the kernel's buffers);
 *   - TCP: MB/s through a relay with no cap vs a plain connection;
 *   - TCP with a bandwidth cap: the rate the relay really delivers vs the cap.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { TcpRelay } from '../server/relay/TcpRelay';
import { UdpRelay } from '../server/relay/UdpRelay';
import { type LinkParams, UNTOUCHED_LINK } from '../shared/compare/link';
import { within } from './lib/stats';

const HOST = '127.0.0.1';

export interface RelayFigures {
  udp: { direct: number; relayed: number; datagrams: number };
  tcp: { direct: number; relayed: number; bytes: number };
  capped: { capKbps: number; measuredKbps: number; bytes: number };
}

async function udpRate(datagrams: number, viaRelay: boolean): Promise<number> {
  const receiver = dgram.createSocket('udp4');
  const sender = dgram.createSocket('udp4');
  await new Promise<void>((r) => receiver.bind(0, HOST, r));
  const target = { address: HOST, port: receiver.address().port, family: 4 as const };
  const relay = viaRelay ? await UdpRelay.open({ family: 4, target, link: UNTOUCHED_LINK }) : undefined;
  const to = relay ? relay.address() : target;
  let got = 0;
  let wake = () => {};
  receiver.on('message', () => {
    got++;
    wake();
  });
  const window = 64;
  const payload = Buffer.alloc(64, 0x61);
  const t0 = performance.now();
  try {
    await within(
      (async () => {
        for (let sent = 0; sent < datagrams; ) {
          const burst = Math.min(window, datagrams - sent);
          for (let i = 0; i < burst; i++) sender.send(payload, to.port, to.address);
          sent += burst;
          // Wait for the window to drain (a datagram the kernel drops would stall it: bounded by `within`).
          while (got < sent) await new Promise<void>((r) => (wake = r));
        }
      })(),
      30_000,
      'UDP relay rate',
    );
    return datagrams / ((performance.now() - t0) / 1000);
  } finally {
    relay?.close();
    sender.close();
    receiver.close();
  }
}

/** Bytes per second from a write of `bytes` to the last byte read, through a relay with `link` or straight. */
async function tcpRate(bytes: number, link: LinkParams | null): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, HOST, r));
  const target = { address: HOST, port: (server.address() as net.AddressInfo).port, family: 4 as const };
  const relay = link ? await TcpRelay.open({ family: 4, target, link }) : undefined;
  const done = new Promise<number>((resolve) => {
    server.once('connection', (s) => {
      let got = 0;
      s.on('data', (b) => {
        got += b.byteLength;
        if (got >= bytes) resolve(performance.now());
      });
    });
  });
  const client = net.connect(relay ? relay.address().port : target.port, HOST);
  await new Promise<void>((r) => client.once('connect', () => r()));
  if (relay) await relay.whenEstablished();
  const t0 = performance.now();
  client.write(Buffer.alloc(bytes, 0x62));
  try {
    const t1 = await within(done, 60_000, 'TCP relay rate');
    return bytes / ((t1 - t0) / 1000);
  } finally {
    client.destroy();
    relay?.close();
    server.close();
  }
}

export async function measureRelays(
  datagrams = 20_000,
  tcpBytes = 32 * 1024 * 1024,
  capKbps = 8000,
): Promise<RelayFigures> {
  const udp = { direct: await udpRate(datagrams, false), relayed: await udpRate(datagrams, true), datagrams };
  const tcp = {
    direct: await tcpRate(tcpBytes, null),
    relayed: await tcpRate(tcpBytes, UNTOUCHED_LINK),
    bytes: tcpBytes,
  };
  // One second's worth of bytes at the cap.
  const cappedBytes = Math.round((capKbps * 1000) / 8);
  const measured = await tcpRate(cappedBytes, { ...UNTOUCHED_LINK, bandwidthKbps: capKbps });
  return { udp, tcp, capped: { capKbps, measuredKbps: (measured * 8) / 1000, bytes: cappedBytes } };
}
