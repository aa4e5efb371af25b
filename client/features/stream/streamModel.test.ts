import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../../shared/protocol';
import { EventScript, base64, ep } from '../../../shared/testing/events';
import { emptyWorld, reduceWorld } from '../../../shared/world';
import { buildStream, type StreamPart } from './streamModel';
import { decodeParts, visibleText } from './streamText';

const world = (s: EventScript) => s.events.reduce(reduceWorld, emptyWorld());
const seg = (socket: string, dir: 'out' | 'in', frame: number, tcpSeq: number, len: number, extra = {}): EventInput =>
  ({
    kind: 'segment',
    socket,
    dir,
    frame,
    flags: ['PSH', 'ACK'],
    tcpSeq,
    tcpAck: 1,
    len,
    win: 65000,
    ...extra,
  }) as EventInput;
const raw = (bytes: number[], truncatedTo?: number) => {
  const kept = truncatedTo === undefined ? bytes : bytes.slice(0, truncatedTo);
  return { base64: base64(kept), ...(truncatedTo !== undefined ? { truncated: true } : {}) };
};
/** The bytes a part shows, gaps as -1 each. */
const shown = (p: StreamPart) => p.pieces.flatMap((x) => ('missing' in x ? Array(x.missing).fill(-1) : [...x.bytes]));

describe('follow the stream: the model', () => {
  it('gives both directions in call order, with the recv()s and segments that carried each send()', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    s.sent('s2', 'Bonjour', 0);
    s.sent('s2', ' !', 7);
    s.add(seg('s2', 'out', 4, 1, 9)); // the kernel sent both in one segment
    s.received('s3', 'Bonjour !', 0); // and recv() got them merged
    s.sent('s3', 'Allô', 0);
    s.add(seg('s3', 'out', 6, 1, 5));
    s.received('s2', 'Al', 0);
    s.received('s2', 'lô', 2);
    const m = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's2' });
    expect(m.peer).toBe('s3');
    expect(m.totals).toEqual({ out: 9, in: 5 });
    expect(m.parts.map((p) => [p.dir, p.start, p.end])).toEqual([
      ['out', 0, 7],
      ['out', 7, 9],
      ['in', 0, 5],
    ]);
    expect(m.parts[0]!.calls.map((c) => [c.kind, c.socket])).toEqual([
      ['sent', 's2'],
      ['received', 's3'],
    ]);
    expect(m.parts[0]!.segments.map((x) => [x.frame, x.tcpSeq, x.len])).toEqual([[4, 1, 9]]);
    expect(m.parts[2]!.calls.map((c) => [c.kind, c.socket, c.start])).toEqual([
      ['sent', 's3', 0],
      ['received', 's2', 0],
      ['received', 's2', 2],
    ]);
    expect(m.parts[2]!.segments.map((x) => x.frame)).toEqual([6]);
    // Followed from the other end, the same parts with the directions swapped.
    const other = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's3' });
    expect(other.parts.map((p) => p.dir)).toEqual(['in', 'in', 'out']);
  });

  it('shows only what happened up to the cursor', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    const first = s.sent('s2', 'un', 0);
    s.sent('s2', 'deux', 2);
    const m = buildStream({ events: s.events, cursor: first, world: world(s), socket: 's2' });
    expect(m.parts).toHaveLength(1);
    expect(m.totals.out).toBe(2);
  });

  it('with a peer outside the session, its bytes come from our recv()s, and segments from dir "in"', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    s.add({ kind: 'connecting', socket: 's1', remote: ep('127.0.0.1', 7000) });
    s.add({ kind: 'connected', socket: 's1', local: ep('127.0.0.1', 40000), remote: ep('127.0.0.1', 7000) });
    s.add(seg('s1', 'in', 3, 1, 3));
    s.add({ kind: 'received', socket: 's1', bytes: 3, offset: 0, data: raw([0, 0xff, 0x0a]) });
    const m = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's1' });
    expect(m.peer).toBeNull();
    expect(m.parts.map((p) => [p.dir, shown(p)])).toEqual([['in', [0, 0xff, 0x0a]]]);
    expect(m.parts[0]!.segments.map((x) => x.frame)).toEqual([3]);
  });

  it('fills a cut preview from the other side when it kept those bytes, and counts what nobody kept', () => {
    const bytes = Array.from({ length: 20 }, (_, i) => i);
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    s.add({ kind: 'sent', socket: 's2', bytes: 20, offset: 0, data: raw(bytes, 8) });
    s.add({ kind: 'received', socket: 's3', bytes: 6, offset: 0, data: raw(bytes.slice(0, 6)) });
    s.add({ kind: 'received', socket: 's3', bytes: 14, offset: 6, data: raw(bytes.slice(6), 4) });
    const m = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's2' });
    // 0–7 from send()'s preview, 8–9 from the second recv()'s, 10–19 kept by nobody.
    expect(shown(m.parts[0]!)).toEqual([...bytes.slice(0, 10), ...Array(10).fill(-1)]);
    expect(m.notKept).toBe(10);
  });

  it('is bounded: past the bound, the bytes are counted as not shown', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    for (let i = 0; i < 10; i++) s.sent('s2', 'abcdefghij', i * 10);
    const m = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's2', maxBytes: 25 });
    expect(m.parts.map((p) => p.end - p.start - p.cut)).toEqual([10, 10, 5]);
    expect(m.notShown).toBe(75);
    const few = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's2', maxParts: 4 });
    expect(few.parts).toHaveLength(4);
    expect(few.notShown).toBe(60);
  });

  it('decodes text per direction, so a character split across two send()s stays whole; controls are visible', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    // "é" is c3 a9: the first send() ends in the middle of it.
    s.add({ kind: 'sent', socket: 's2', bytes: 2, offset: 0, data: raw([0x41, 0xc3]) });
    s.add({ kind: 'sent', socket: 's3', bytes: 2, offset: 0, data: raw([0x0d, 0x0a]) });
    s.add({ kind: 'sent', socket: 's2', bytes: 2, offset: 2, data: raw([0xa9, 0x00]) });
    const m = buildStream({ events: s.events, cursor: 1e9, world: world(s), socket: 's2' });
    const texts = decodeParts(m.parts);
    expect(m.parts.map((p) => texts.get(p.key))).toEqual([
      [{ text: 'A' }],
      [{ control: '\\r' }, { text: '\n' }],
      [{ text: 'é' }, { control: '\\0' }],
    ]);
    expect(visibleText('\t\u007f\u0001')).toEqual([{ text: '\t' }, { control: '\\x7f' }, { control: '\\x01' }]);
  });
});
