import { describe, expect, it } from 'vitest';
import { socketEnds } from '../../../../shared/pairing';
import { worldAt } from '../../../../shared/world';
import { EventScript, ep } from '../../../../shared/testing/events';
import { buildSequence } from './build';

const ids = { l: 's1', c: 's2', a: 's3' };

function model(s: EventScript, cursor = s.events.length, maxRows?: number) {
  return buildSequence({
    events: s.events,
    cursor,
    world: worldAt(s.events, cursor),
    sockets: socketEnds(s.events),
    ...(maxRows ? { maxRows } : {}),
  });
}
const summary = (m: ReturnType<typeof model>) => m.arrows.map((a) => `${a.label} ${a.from}>${a.to} ${a.fate}`);

describe('sequence diagram model', () => {
  it('draws the handshake from connect()/accept(), the listener handing the call to a new lifeline', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const m = model(s);
    expect(m.lifelines.map((l) => l.id)).toEqual(['s1', 's3', 's2']);
    expect(summary(m)).toEqual([
      'SYN s2>s1 arrived',
      'SYN-ACK s1>s2 arrived',
      'ACK s2>s1 arrived',
      'accept() s1>s3 arrived',
    ]);
    const [syn, synAck, ack] = m.arrows;
    expect(syn!.y1).toBeLessThan(syn!.y2);
    expect(synAck!.y1).toBe(syn!.y2);
    expect(ack!.y2).toBeGreaterThan(ack!.y1);
  });

  it('shows the SYN still in flight when the cursor stands on connecting', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const connecting = s.events.find((e) => e.kind === 'connecting')!.seq;
    expect(summary(model(s, connecting))).toEqual(['SYN s2>s1 in-flight']);
  });

  it('draws merged sends converging on one receive, and a split send fanning out, with their bytes', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    s.sent('s2', 'one', 0);
    s.sent('s2', 'two', 3);
    s.sent('s2', 'six', 6);
    const merged = s.received('s3', 'onetwosix', 0);
    const split = s.sent('s3', 'Bonjour', 0);
    s.received('s2', 'Bon', 0);
    s.received('s2', 'jour', 3);
    const m = model(s);
    const data = m.arrows.filter((a) => a.kind === 'data');
    expect(data.filter((a) => a.receivedSeq === merged).map((a) => a.label)).toEqual(['one', 'two', 'six']);
    expect(data.filter((a) => a.sentSeq === split).map((a) => [a.label, a.range])).toEqual([
      ['Bon', [0, 3]],
      ['jour', [3, 7]],
    ]);
    expect(
      m.marks.filter((k) => k.kind === 'merge' || k.kind === 'split').map((k) => `${k.lifeline} ${k.label}`),
    ).toEqual(['s3 recv() ← 3 send()', 's3 send() → 2 recv()']);
    // Stepping back one event: the second half of the split send is in flight.
    const back = model(s, s.events.length - 1).arrows.filter((a) => a.sentSeq === split);
    expect(back.map((a) => `${a.label} ${a.fate}`)).toEqual(['Bon arrived', 'jour in-flight']);
  });

  it('draws FIN and RST to the peer, and a refused connect as the kernel RST answering the SYN', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    s.add({ kind: 'ended', socket: 's2' });
    s.add({ kind: 'peer-ended', socket: 's3' });
    s.add({ kind: 'reset', socket: 's3' });
    s.add({ kind: 'error', socket: 's2', code: 'ECONNRESET', syscall: 'read', message: 'reset' });
    s.add({ kind: 'closed', socket: 's2', hadError: true });
    s.add({ kind: 'created', socket: 's4', proto: 'tcp', family: 4 });
    s.add({ kind: 'connecting', socket: 's4', remote: ep('127.0.0.1', 1) });
    s.add({ kind: 'error', socket: 's4', code: 'ECONNREFUSED', syscall: 'connect', message: 'refused' });
    const m = model(s);
    expect(summary(m).slice(4)).toEqual([
      'FIN s2>s3 arrived',
      'RST s3>s2 arrived',
      'SYN s4>out:127.0.0.1:1 arrived',
      'RST out:127.0.0.1:1>s4 arrived',
    ]);
    expect(m.marks.map((k) => `${k.lifeline} ${k.label}`)).toEqual(
      expect.arrayContaining(['s2 close()', 's4 ECONNREFUSED', 's1 listen()']),
    );
    expect(m.lifelines.find((l) => l.id === 's2')!.y2).not.toBeNull();
  });

  it('draws UDP postcards: delivered, lost, to nobody, and in flight', () => {
    const s = new EventScript();
    const a = ep('127.0.0.1', 6001);
    const b = ep('127.0.0.1', 6002);
    s.add({ kind: 'created', socket: 'u1', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'u1', local: a });
    s.add({ kind: 'created', socket: 'u2', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'u2', local: b });
    s.sent('u1', 'carte 1', 0, b);
    s.sent('u1', 'carte 2', 0, b);
    s.sent('u1', 'hello?', 0, ep('127.0.0.1', 6999));
    s.received('u2', 'carte 1', 0, a);
    s.sent('u2', 'reply', 0, a);
    s.received('u1', 'reply', 0, b);
    const m = model(s, s.events.length - 1);
    expect(summary(m)).toEqual([
      'carte 1 u1>u2 arrived',
      'carte 2 u1>u2 nowhere',
      'hello? u1>out:127.0.0.1:6999 nowhere',
      'reply u2>u1 in-flight',
    ]);
    expect(m.arrows[1]!.note).toBe('lost');
    expect(m.arrows[2]!.note).toBe('no-receiver 127.0.0.1:6999');
  });

  it('draws only the last rows before the cursor, and nothing after it', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    for (let i = 0; i < 100; i++) {
      s.sent('s2', 'x', i);
      s.received('s3', 'x', i);
    }
    const m = model(s, s.events.length, 20);
    expect(m.rowSeqs).toHaveLength(20);
    expect(m.hiddenBefore).toBe(s.events.length - 20);
    expect(m.rowSeqs.at(-1)).toBe(s.events.length);
    const cursor = 12;
    const early = model(s, cursor);
    expect(Math.max(...early.rowSeqs)).toBe(cursor);
    for (const a of early.arrows) expect(a.sentSeq ?? 0).toBeLessThanOrEqual(cursor);
  });
});

describe('sequence diagram model — hanging up', () => {
  it('draws the FIN that close() sends from the row where the peer closed', () => {
    const s = new EventScript();
    s.tcpCall(ids);
    const closed = s.add({ kind: 'closed', socket: 's3', hadError: false });
    const heard = s.add({ kind: 'peer-ended', socket: 's2' });
    const m = model(s);
    const fin = m.arrows.find((a) => a.kind === 'fin')!;
    expect(fin).toMatchObject({ from: 's3', to: 's2', fate: 'arrived', receivedSeq: heard });
    expect(fin.y1).toBe(m.rowSeqs.indexOf(closed));
    expect(fin.y2).toBe(m.rowSeqs.indexOf(heard));
  });
});

describe('sequence diagram model — accept() and the handshake', () => {
  // The listener's `accepted` may reach the session before the caller's `connected` (two sockets,
  // two event sources), with other events in between.
  function acceptedFirst() {
    const s = new EventScript();
    const server = ep('127.0.0.1', 5000);
    const client = ep('127.0.0.1', 40000);
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    s.add({ kind: 'listening', socket: 's1', local: server, backlog: 511 });
    s.add({ kind: 'created', socket: 's2', proto: 'tcp', family: 4 });
    s.add({ kind: 'connecting', socket: 's2', remote: server });
    const accepted = s.add({ kind: 'accepted', socket: 's1', child: 's3', local: server, remote: client });
    s.add({ kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: 's1' });
    s.add({ kind: 'bound', socket: 's3', local: server });
    s.add({ kind: 'connected', socket: 's2', local: client, remote: server });
    return { s, accepted };
  }

  it('never draws accept() before the SYN it answers, nor before the ACK', () => {
    const { s, accepted } = acceptedFirst();
    for (const cursor of [accepted, accepted + 1, s.events.length]) {
      const m = model(s, cursor);
      const accept = m.arrows.find((a) => a.kind === 'accept')!;
      const syn = m.arrows.find((a) => a.kind === 'syn')!;
      const ack = m.arrows.find((a) => a.kind === 'ack')!;
      expect(syn.fate).toBe('arrived');
      expect(syn.y2).toBeLessThan(accept.y1);
      expect(ack.y2).toBeLessThanOrEqual(accept.y1);
      expect(summary(m).slice(0, 3)).toEqual(['SYN s2>s1 arrived', 'SYN-ACK s1>s2 arrived', 'ACK s2>s1 arrived']);
    }
  });
});

describe('sequence diagram model — conversations and rows', () => {
  it('keeps only the sockets of a conversation, and numbers rows for the whole session', async () => {
    const { createRowCounter } = await import('./build');
    const s = new EventScript();
    s.tcpCall(ids);
    s.tcpCall({ l: 's4', c: 's5', a: 's6' }, 5001, 40001);
    s.sent('s2', 'one', 0);
    s.received('s3', 'one', 0);
    s.sent('s5', 'two', 0);
    s.received('s6', 'two', 0);
    const only = new Set(['s4', 's5', 's6']);
    const m = buildSequence({
      events: s.events,
      cursor: s.events.length,
      world: worldAt(s.events, s.events.length),
      sockets: socketEnds(s.events),
      only,
    });
    expect(m.lifelines.map((l) => l.id)).toEqual(['s4', 's6', 's5']);
    expect(m.arrows.filter((a) => a.kind === 'data').map((a) => a.label)).toEqual(['two']);
    expect(
      m.rowSeqs.every((seq) => {
        const e = s.events.find((x) => x.seq === seq)!;
        return 'socket' in e && only.has(e.socket!);
      }),
    ).toBe(true);
    // A row keeps its absolute number as the window slides.
    const rows = createRowCounter();
    const at = (cursor: number) =>
      buildSequence({
        events: s.events,
        cursor,
        world: worldAt(s.events, cursor),
        sockets: socketEnds(s.events),
        maxRows: 4,
        rows,
      });
    const a = at(s.events.length - 1);
    const b = at(s.events.length);
    expect(b.firstRow).toBe(a.firstRow + 1);
    expect(b.firstRow + b.rowSeqs.indexOf(a.rowSeqs[1]!)).toBe(a.firstRow + 1);
  });
});
