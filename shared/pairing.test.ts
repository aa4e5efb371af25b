import { describe, expect, it } from 'vitest';
import { pairData, socketEnds } from './pairing';
import { normalAddress, formatEndpoint } from './world/endpoints';
import { EventScript, ep } from './testing/events';

const ids = { l: 'L', c: 'C', a: 'A' };

describe('pairData — TCP streams', () => {
  it('links three sends the kernel merged into one receive', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const s1 = s.sent('C', 'one', 0);
    const s2 = s.sent('C', 'two', 3);
    const s3 = s.sent('C', 'six', 6);
    const r = s.received('A', 'onetwosix', 0);
    const p = pairData(s.events);
    expect(p.peerOf.get('C')).toBe('A');
    expect(p.peerOf.get('A')).toBe('C');
    expect(p.byReceived.get(r)).toEqual([s1, s2, s3]);
    for (const sent of [s1, s2, s3]) expect(p.bySent.get(sent)).toEqual([r]);
    expect(p.links.map((l) => [l.start, l.end])).toEqual([
      [0, 3],
      [3, 6],
      [6, 9],
    ]);
  });

  it('links one send the kernel split across two receives', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const sent = s.sent('A', 'Bonjour !', 0);
    const r1 = s.received('C', 'Bon', 0);
    const r2 = s.received('C', 'jour !', 3);
    const p = pairData(s.events);
    expect(p.bySent.get(sent)).toEqual([r1, r2]);
    expect(p.byReceived.get(r1)).toEqual([sent]);
    expect(p.byReceived.get(r2)).toEqual([sent]);
  });

  it('pairs both directions independently when they interleave, overlaps partial', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const c1 = s.sent('C', 'hello', 0); // C→A bytes 0–5
    const a1 = s.sent('A', 'hi', 0); // A→C bytes 0–2
    const c2 = s.sent('C', 'world', 5); // C→A bytes 5–10
    const ra1 = s.received('A', 'hellowo', 0); // 0–7: all of c1, 2 bytes of c2
    const rc1 = s.received('C', 'h', 0);
    const a2 = s.sent('A', '!', 2);
    const rc2 = s.received('C', 'i!', 1);
    const ra2 = s.received('A', 'rld', 7);
    const p = pairData(s.events);
    expect(p.byReceived.get(ra1)).toEqual([c1, c2]);
    expect(p.byReceived.get(ra2)).toEqual([c2]);
    expect(p.bySent.get(c2)).toEqual([ra1, ra2]);
    expect(p.bySent.get(a1)).toEqual([rc1, rc2]);
    expect(p.byReceived.get(rc2)).toEqual([a1, a2]);
    const c2Links = p.links.filter((l) => l.sent === c2).map((l) => [l.start, l.end]);
    expect(c2Links).toEqual([
      [5, 7],
      [7, 10],
    ]);
    // No byte crosses directions.
    for (const l of p.links) {
      const from = s.events[l.sent - 1]!;
      const to = s.events[l.received - 1]!;
      expect('socket' in from && 'socket' in to && from.socket !== to.socket).toBe(true);
    }
  });

  it('leaves bytes not yet received unpaired, and a peer outside the session unmatched', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const inFlight = s.sent('C', 'later', 0);
    // A socket talking to a program outside the session (e.g. python3 on loopback).
    s.add({ kind: 'created', socket: 'X', proto: 'tcp', family: 4 });
    s.add({ kind: 'connected', socket: 'X', local: ep('127.0.0.1', 41000), remote: ep('127.0.0.1', 7000) });
    const outside = s.sent('X', 'to python', 0);
    const p = pairData(s.events);
    expect(p.bySent.get(inFlight)).toBeUndefined();
    expect(p.bySent.get(outside)).toBeUndefined();
    expect(p.peerOf.has('X')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 address with its IPv4 form', () => {
    expect(normalAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normalAddress('::1')).toBe('::1');
    expect(formatEndpoint(ep('::1', 80, 6))).toBe('[::1]:80');
    const s = new EventScript();
    s.tcpCall(ids);
    // The accepted side reports the client's address in its mapped form.
    s.events[6] = {
      ...s.events[6]!,
      kind: 'accepted',
      socket: 'L',
      child: 'A',
      local: ep('::ffff:127.0.0.1', 5000, 6),
      remote: ep('::ffff:127.0.0.1', 40000, 6),
    } as never;
    expect(pairData(s.events).peerOf.get('C')).toBe('A');
  });
});

describe('pairData — UDP datagrams', () => {
  function udpPair(s: EventScript, opts: { wildcard?: boolean } = {}) {
    s.add({ kind: 'created', socket: 'U1', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'U1', local: ep('127.0.0.1', 6001) });
    s.add({ kind: 'created', socket: 'U2', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'U2', local: ep(opts.wildcard ? '0.0.0.0' : '127.0.0.1', 6002) });
  }
  const toU2 = ep('127.0.0.1', 6002);
  const fromU1 = ep('127.0.0.1', 6001);

  it('leaves a lost datagram unmatched and pairs the others', () => {
    const s = new EventScript();
    udpPair(s);
    const d1 = s.sent('U1', 'carte 1', 0, toU2);
    const d2 = s.sent('U1', 'carte 2', 0, toU2);
    const d3 = s.sent('U1', 'carte 3', 0, toU2);
    const r1 = s.received('U2', 'carte 1', 0, fromU1);
    const r3 = s.received('U2', 'carte 3', 0, fromU1);
    const p = pairData(s.events);
    expect(p.bySent.get(d1)).toEqual([r1]);
    expect(p.bySent.get(d2)).toBeUndefined();
    expect(p.bySent.get(d3)).toEqual([r3]);
  });

  it('pairs reordered datagrams by content, and identical ones first-in first-out', () => {
    const s = new EventScript();
    udpPair(s, { wildcard: true });
    const d1 = s.sent('U1', 'A', 0, toU2);
    const d2 = s.sent('U1', 'B', 0, toU2);
    const d3 = s.sent('U1', 'A', 0, toU2);
    const r2 = s.received('U2', 'B', 0, fromU1);
    const r1 = s.received('U2', 'A', 0, fromU1);
    const r3 = s.received('U2', 'A', 0, fromU1);
    const p = pairData(s.events);
    expect(p.byReceived.get(r2)).toEqual([d2]);
    expect(p.byReceived.get(r1)).toEqual([d1]);
    expect(p.byReceived.get(r3)).toEqual([d3]);
  });

  it('uses the default peer of a connected UDP socket, and ignores a datagram from a stranger', () => {
    const s = new EventScript();
    udpPair(s);
    s.add({ kind: 'connected', socket: 'U1', local: fromU1, remote: toU2 });
    const d = s.sent('U1', 'ping', 0);
    const stranger = s.received('U2', 'ping', 0, ep('127.0.0.1', 9999));
    const r = s.received('U2', 'ping', 0, fromU1);
    const p = pairData(s.events);
    expect(p.byReceived.get(stranger)).toBeUndefined();
    expect(p.bySent.get(d)).toEqual([r]);
  });

  it('does not pair a datagram sent to a port nobody in the session has', () => {
    const s = new EventScript();
    udpPair(s);
    const d = s.sent('U1', 'hello?', 0, ep('127.0.0.1', 6999));
    s.received('U2', 'hello?', 0, fromU1);
    expect(pairData(s.events).bySent.get(d)).toBeUndefined();
  });
});

describe('pairData — a window of a long session', () => {
  it('pairs chunks in a window when told the sockets of the whole session', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    s.add({ kind: 'created', socket: 'U1', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'U1', local: ep('127.0.0.1', 6001) });
    s.add({ kind: 'created', socket: 'U2', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'U2', local: ep('127.0.0.1', 6002) });
    const from = s.events.length;
    const t1 = s.sent('C', 'abc', 0);
    const d = s.sent('U1', 'x', 0, ep('127.0.0.1', 6002));
    const r1 = s.received('A', 'abc', 0);
    const r2 = s.received('U2', 'x', 0, ep('127.0.0.1', 6001));
    const window = s.events.slice(from);
    expect(pairData(window).links).toEqual([]);
    const p = pairData(window, socketEnds(s.events));
    expect(p.bySent.get(t1)).toEqual([r1]);
    expect(p.bySent.get(d)).toEqual([r2]);
  });
});
