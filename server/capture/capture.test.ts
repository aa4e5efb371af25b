/**
 * The capture on real sockets, compared with an independent reading of the
 * same traffic (a second tcpdump whose text output is parsed here): SYN, FIN
 * and RST counts, bytes per direction from seq, the zero window of a paused
 * reader, the ICMP of a closed UDP port, the export, and isolation between
 * sessions. Needs root or a tcpdump with cap_net_raw: skipped, saying why, elsewhere.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/protocol';
import type { AlloTestClient } from '../testing/client';
import { loopback, openSocket, tcpCall } from '../testing/scenarios';
import { type TestServer, startTestServer } from '../testing/server';
import { IndependentCapture, type TcpdumpLine, readWithTcpdump } from './testing';
import { probeCapture } from './tcpdump';

const capability = await probeCapture();
if (!capability.available) console.log(`[capture tests skipped] ${capability.reason} To enable: ${capability.enable}`);

type Segment = EventOf<'segment'>;

describe.skipIf(!capability.available)('packet capture on loopback', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ capture: { enabled: true } });
  });
  afterAll(() => server?.close());

  /** A client whose session the capture has announced itself to (so the first SYN is seen). */
  const captured = async (): Promise<AlloTestClient> => {
    const c = await server.client();
    await c.waitFor('capture', (e) => e.state === 'on');
    return c;
  };
  const segments = (c: AlloTestClient) => c.eventsOf('segment');
  const wire = (c: AlloTestClient) =>
    c.events.filter((e) => e.kind === 'segment' || e.kind === 'datagram' || e.kind === 'icmp');
  const has = (s: Segment, f: Segment['flags'][number]) => s.flags.includes(f);
  const count = (lines: TcpdumpLine[], flag: string) => lines.filter((l) => l.flags.includes(flag)).length;

  async function download(c: AlloTestClient, token = c.welcome!.token, id = c.welcome!.session) {
    return fetch(`${server.url}/api/sessions/${id}/capture.pcap`, { headers: { authorization: `Bearer ${token}` } });
  }

  it('says in welcome that capture is on, with its budget', async () => {
    const c = await captured();
    expect(c.welcome?.server.capabilities.capture).toMatchObject({ available: true, tool: 'tcpdump' });
    expect(c.welcome?.server.capabilities.capture?.maxBytesPerSession).toBeGreaterThan(0);
  });

  it.each([4, 6] as const)(
    'IPv%i: a call, data both ways, goodbyes: the same segments as a second tcpdump',
    async (family) => {
      const c = await captured();
      const l = await openSocket(c, 'tcp', family, 'listener');
      const { local } = await c.ok({ op: 'listen', socket: l, port: 0 });
      const independent = await IndependentCapture.start(`tcp port ${local.port}`);
      const dialler = await openSocket(c, 'tcp', family);
      await c.ok({ op: 'connect', socket: dialler, host: loopback(family), port: local.port });
      const acc = await c.waitFor('accepted', (e) => e.socket === l);
      await c.ok({ op: 'send', socket: dialler, data: { text: 'Allô ? '.repeat(100) } });
      await c.waitFor('received', (e) => e.socket === acc.child);
      await c.ok({ op: 'send', socket: acc.child, data: { text: 'Oui, bonjour !' } });
      await c.waitFor('received', (e) => e.socket === dialler);
      await c.ok({ op: 'end', socket: dialler });
      await c.waitFor('peer-ended', (e) => e.socket === acc.child);
      await c.ok({ op: 'close', socket: acc.child });
      await c.waitFor('closed', (e) => e.socket === dialler);
      // The last ACK of the goodbye: both FINs acknowledged. Stopping the second tcpdump at the second FIN let it
      // miss that ACK when it came a moment later (a fresh-clone run: 10 segments here, 9 there).
      const goodbyeAcked = () => {
        const seen = segments(c);
        const fins = seen.flatMap((s, i) => (has(s, 'FIN') ? [i] : []));
        return fins.length === 2 && seen.slice(fins[1]! + 1).some((s) => has(s, 'ACK') && !has(s, 'FIN'));
      };
      await c.until(goodbyeAcked, 'two FINs and the ACK of the second');
      const lines = await independent.stop();
      await c.until(() => segments(c).length >= lines.length, `${lines.length} segments`);
      const seen = segments(c);

      expect(seen).toHaveLength(lines.length);
      expect(seen.filter((s) => has(s, 'SYN')).length).toBe(count(lines, 'S'));
      expect(seen.filter((s) => has(s, 'SYN')).length).toBe(2);
      expect(seen.filter((s) => has(s, 'FIN')).length).toBe(count(lines, 'F'));
      expect(seen.filter((s) => has(s, 'RST')).length).toBe(count(lines, 'R'));
      // Each segment belongs to the socket that sent it, with the other end as peer.
      const fromDialler = seen.filter((s) => s.socket === dialler);
      const fromAccepted = seen.filter((s) => s.socket === acc.child);
      expect(fromDialler.length + fromAccepted.length).toBe(seen.length);
      expect(fromDialler.every((s) => s.dir === 'out' && s.peer === acc.child)).toBe(true);
      expect(fromAccepted.every((s) => s.dir === 'out' && s.peer === dialler)).toBe(true);
      // Bytes per direction: from the relative seq (FIN's seq is 1 + bytes), from tcpdump's lengths, from `sent`.
      const diallerPort = c.eventsOf('connected', dialler)[0]!.local.port;
      const bytesFrom = (port: number) =>
        lines.filter((x) => x.src.endsWith(`.${port}`)).reduce((n, x) => n + x.length, 0);
      const finSeq = (ss: Segment[]) => ss.find((s) => has(s, 'FIN'))!.tcpSeq - 1;
      const sent = (id: string) => c.eventsOf('sent', id).reduce((n, e) => n + e.bytes, 0);
      expect([finSeq(fromDialler), bytesFrom(diallerPort), sent(dialler)]).toEqual([800, 800, 800]);
      expect([finSeq(fromAccepted), bytesFrom(local.port)]).toEqual([sent(acc.child), sent(acc.child)]);
      // The handshake, as Wireshark numbers it, with its options.
      const [syn, synAck, ack] = seen;
      expect([syn?.flags, syn?.tcpSeq, synAck?.flags, synAck?.tcpSeq, synAck?.tcpAck, ack?.tcpAck]).toEqual([
        ['SYN'],
        0,
        ['SYN', 'ACK'],
        0,
        1,
        1,
      ]);
      expect(syn?.options).toMatchObject({ sackPermitted: true });
      expect(syn?.options?.mss).toBeGreaterThan(0);
      expect(seen.every((s) => s.t >= 0 && !s.retransmission)).toBe(true);
    },
  );

  it('a paused reader closes its window: zero-window segments, as tcpdump counts them, then it reopens', async () => {
    const c = await captured();
    const call = await tcpCall(c, 4);
    const independent = await IndependentCapture.start(`tcp port ${call.port}`);
    await c.ok({ op: 'pause', socket: call.accepted });
    const chunk = 'x'.repeat(60_000);
    const closedWindow = () => segments(c).some((s) => s.zeroWindow && s.socket === call.accepted);
    for (let i = 0; i < 400 && !closedWindow(); i++) {
      const r = await c.send({ op: 'send', socket: call.dialler, data: { text: chunk } });
      if (!r.ok) {
        await c.until(closedWindow, 'a zero window', 10_000);
        break;
      }
    }
    await c.until(closedWindow, 'a zero window', 10_000);
    await c.ok({ op: 'resume', socket: call.accepted });
    await c.until(
      () =>
        segments(c).some(
          (s) => s.socket === call.accepted && s.win > 0 && s.seq > segments(c).find((z) => z.zeroWindow)!.seq,
        ),
      'the window reopening',
      10_000,
    );
    const sentTotal = () => c.eventsOf('sent', call.dialler).reduce((n, e) => n + e.bytes, 0);
    await c.until(
      () => c.eventsOf('received', call.accepted).reduce((n, e) => n + e.bytes, 0) === sentTotal(),
      'every byte read',
      20_000,
    );
    await c.ok({ op: 'reset', socket: call.dialler });
    await c.until(() => segments(c).some((s) => has(s, 'RST')), 'the RST');
    const lines = await independent.stop();
    await c.until(() => segments(c).length >= lines.length + 3, 'every segment'); // +3: the handshake, before the second capture began
    const after = segments(c).slice(3);
    expect(after).toHaveLength(lines.length);
    const zeroLines = lines.filter((x) => x.win === 0 && !/[SFR]/.test(x.flags));
    expect(after.filter((s) => s.zeroWindow).length).toBe(zeroLines.length);
    expect(zeroLines.length).toBeGreaterThan(0);
    expect(after.filter((s) => has(s, 'RST')).length).toBe(count(lines, 'R'));
    expect(count(lines, 'R')).toBe(1);
  });

  it('the ICMP port unreachable of a closed UDP port comes back to the socket that sent the datagram', async () => {
    const c = await captured();
    // A port nobody listens on: bound then released.
    const probe = dgram.createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    const closedPort = probe.address().port;
    await new Promise<void>((r) => probe.close(() => r()));
    const independent = await IndependentCapture.start(`icmp or udp port ${closedPort}`);
    const u = await openSocket(c, 'udp', 4);
    await c.ok({ op: 'send', socket: u, data: { text: 'postcard' }, to: { host: '127.0.0.1', port: closedPort } });
    const icmp = await c.waitFor('icmp', (e) => e.socket === u);
    const lines = await independent.stop();
    expect(icmp).toMatchObject({ dir: 'in', name: 'port-unreachable', type: 3, code: 3, family: 4 });
    expect(icmp.about).toMatchObject({ proto: 'udp', dst: { address: '127.0.0.1', port: closedPort } });
    const datagrams = c.eventsOf('datagram', u);
    expect(datagrams).toHaveLength(1);
    expect(datagrams[0]).toMatchObject({ dir: 'out', len: 8, dst: { port: closedPort } });
    expect(lines.filter((x) => /udp port \d+ unreachable/.test(x.text))).toHaveLength(c.eventsOf('icmp').length);
    expect(lines.filter((x) => /UDP, length 8/.test(x.text) && !/unreachable/.test(x.text))).toHaveLength(1);
  });

  it('exports exactly the packets shown, for the owner only; another session sees none of them', async () => {
    const c = await captured();
    const other = await captured();
    const call = await tcpCall(c, 4);
    await c.ok({ op: 'send', socket: call.dialler, data: { text: 'secret' } });
    await c.waitFor('received', (e) => e.socket === call.accepted);
    await c.until(() => segments(c).some((s) => s.len === 6 && s.socket === call.dialler), 'the data segment');
    await c.until(
      () => segments(c).some((s) => s.len === 0 && s.socket === call.accepted && s.tcpAck === 7),
      'its ACK',
    );

    const res = await download(c);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.tcpdump.pcap');
    const dir = mkdtempSync(join(tmpdir(), 'allo-export-'));
    try {
      const file = join(dir, 'session.pcap');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const lines = await readWithTcpdump(file);
      const shown = wire(c);
      expect(lines).toHaveLength(shown.length);
      expect(shown.map((e) => ('frame' in e ? e.frame : 0))).toEqual(shown.map((_, i) => i + 1));
      expect(lines.map((x) => x.flags)).toEqual(
        segments(c).map((s) =>
          [
            ...(has(s, 'SYN') ? 'S' : ''),
            ...(has(s, 'FIN') ? 'F' : ''),
            ...(has(s, 'PSH') ? 'P' : ''),
            ...(has(s, 'RST') ? 'R' : ''),
            ...(has(s, 'ACK') ? '.' : ''),
          ].join(''),
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // Only the token's holder: none, another session's token, or a wrong id get nothing.
    expect((await fetch(`${server.url}/api/sessions/${c.welcome!.session}/capture.pcap`)).status).toBe(401);
    expect((await download(c, other.welcome!.token)).status).toBe(404);
    expect((await download(c, c.welcome!.token, 'nope')).status).toBe(404);
    // The other session is told nothing of this call.
    expect(wire(other)).toEqual([]);
    expect((await download(other)).status).toBe(200);
  });

  it('a refused connect shows its SYN and the RST that answered it, on the dialler', async () => {
    const c = await captured();
    const probe = dgram.createSocket('udp4'); // any free number will do as a closed TCP port: bind, release
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
    const closedPort = probe.address().port;
    await new Promise<void>((r) => probe.close(() => r()));
    const s = await openSocket(c, 'tcp', 4);
    await c.send({ op: 'connect', socket: s, host: '127.0.0.1', port: closedPort });
    await c.waitFor('error', (e) => e.socket === s && e.code === 'ECONNREFUSED');
    await c.until(() => segments(c).some((x) => x.socket === s && has(x, 'RST')), 'the RST');
    expect(segments(c).map((x) => [x.socket, x.dir, x.flags.join('+')])).toEqual([
      [s, 'out', 'SYN'],
      [s, 'in', 'RST+ACK'],
    ]);
  });
});

describe.skipIf(!capability.available)('the capture budget', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ capture: { enabled: true, maxBytesPerSession: 1000 } });
  });
  afterAll(() => server?.close());

  it('keeps packets up to its byte budget, counts the rest on screen, exports only what it kept', async () => {
    const c = await server.client();
    await c.waitFor('capture', (e) => e.state === 'on');
    const call = await tcpCall(c, 4);
    for (let i = 0; i < 5; i++) {
      await c.ok({ op: 'send', socket: call.dialler, data: { text: `message ${i}` } });
      await c.waitFor('received', (e) => e.socket === call.accepted && e.offset + e.bytes === 9 * (i + 1));
    }
    const status = await c.waitFor('capture', (e) => e.notKept > 0, 5000);
    const kept = c.eventsOf('segment');
    expect(status.kept).toBe(kept.length);
    expect(status.keptBytes).toBeLessThanOrEqual(1000);
    const res = await fetch(`${server.url}/api/sessions/${c.welcome!.session}/capture.pcap`, {
      headers: { authorization: `Bearer ${c.welcome!.token}` },
    });
    const dir = mkdtempSync(join(tmpdir(), 'allo-budget-'));
    try {
      const file = join(dir, 'kept.pcap');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      expect(await readWithTcpdump(file)).toHaveLength(c.eventsOf('segment').length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
