import { describe, expect, it } from 'vitest';
import { EventScript, ep } from '../../../shared/testing/events';
import { createLogIndex, NO_FILTER, rowAtOrBefore, searchText, WIRE_FILTERS } from './logFilter';

function session() {
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.sent('s2', 'Bonjour', 0);
  s.received('s3', 'Bonjour', 0);
  s.add({ kind: 'error', socket: 's2', code: 'ECONNRESET', syscall: 'read', message: 'reset by peer' });
  return s;
}

describe('event log filter', () => {
  it('with a time budget, a long list is filtered a slice at a time and ends with the same rows', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'udp', family: 4 });
    for (let i = 0; i < 5000; i++) s.received('s1', `carte ${i}`, 0, ep('127.0.0.1', 6001));
    const filter = { ...NO_FILTER, query: 'carte 4' };
    const whole = createLogIndex().update(s.events, filter).slice();
    const index = createLogIndex();
    // A budget already spent: one slice of 1,024 events, then it stops.
    const first = index.update(s.events, filter, 0).length;
    expect(index.remaining(s.events)).toBe(s.events.length - 1024);
    expect(first).toBeLessThan(whole.length);
    let slices = 1;
    while (index.remaining(s.events) > 0 && slices < 100) {
      index.update(s.events, filter, 0);
      slices++;
    }
    expect(slices).toBe(Math.ceil(s.events.length / 1024));
    expect(index.update(s.events, filter, 0)).toEqual(whole);
  });

  it('keeps every event with no filter, and an accepted event under its new socket too', () => {
    const s = session();
    const index = createLogIndex();
    expect(index.update(s.events, NO_FILTER)).toHaveLength(s.events.length);
    const s3 = index.update(s.events, { ...NO_FILTER, socket: 's3' }).map((i) => s.events[i]!.kind);
    expect(s3).toEqual(['accepted', 'created', 'received']);
  });

  it('filters by kind and by every search word, case-insensitive, bytes and errors included', () => {
    const s = session();
    const index = createLogIndex();
    expect(index.update(s.events, { ...NO_FILTER, kind: 'sent' }).map((i) => s.events[i]!.seq)).toEqual([9]);
    expect(index.update(s.events, { ...NO_FILTER, query: 'BONJOUR received' }).map((i) => s.events[i]!.seq)).toEqual([
      10,
    ]);
    expect(index.update(s.events, { ...NO_FILTER, query: 'econnreset' })).toHaveLength(1);
    expect(index.update(s.events, { ...NO_FILTER, query: '127.0.0.1:5000 listening' })).toHaveLength(1);
    expect(searchText(s.events[5]!)).toContain('127.0.0.1:40000');
  });

  it('looks only at new events while the filter stays, and starts over on a new list', () => {
    const s = session();
    const index = createLogIndex();
    const f = { ...NO_FILTER, socket: 's2' };
    const rows = index.update(s.events, f);
    const before = rows.length;
    s.sent('s2', 'encore', 7);
    s.sent('s3', 'pas moi', 7);
    expect(index.update(s.events, f)).toBe(rows);
    expect(rows.length).toBe(before + 1);
    const replaced = [...s.events.slice(0, 3)];
    expect(index.update(replaced, f)).toHaveLength(0);
  });

  it('finds the row at or before an event', () => {
    expect(rowAtOrBefore([2, 5, 9], 1)).toBe(-1);
    expect(rowAtOrBefore([2, 5, 9], 5)).toBe(1);
    expect(rowAtOrBefore([2, 5, 9], 8)).toBe(1);
    expect(rowAtOrBefore([2, 5, 9], 100)).toBe(2);
  });

  it('scans 100,000 events', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    for (let i = 0; i < 50_000; i++) {
      s.sent('s2', 'ping', i * 4);
      s.received('s3', 'ping', i * 4);
    }
    s.add({ kind: 'connecting', socket: 's9', remote: ep('127.0.0.1', 9) });
    const index = createLogIndex();
    expect(index.update(s.events, { ...NO_FILTER, query: '127.0.0.1:9' })).toHaveLength(1);
    expect(index.update(s.events, { ...NO_FILTER, socket: 's3' })).toHaveLength(50_002);
  });
});

describe('event log filter: segments by flag and mark', () => {
  const seg = (flags: string[], extra: Record<string, unknown> = {}) =>
    ({
      kind: 'segment',
      socket: 's2',
      dir: 'out',
      frame: 1,
      flags,
      tcpSeq: 0,
      tcpAck: 0,
      len: 0,
      win: 1,
      ...extra,
    }) as never;
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.add(seg(['SYN']));
  s.add(seg(['PSH', 'ACK'], { len: 5 }));
  s.add(seg(['PSH', 'ACK'], { len: 5, retransmission: true }));
  s.add(seg(['ACK'], { zeroWindow: true }));
  s.add(seg(['FIN', 'ACK']));
  s.add(seg(['RST']));
  const kinds = (wire: (typeof WIRE_FILTERS)[number]) =>
    createLogIndex()
      .update(s.events, { ...NO_FILTER, kind: 'segment', wire })
      .map((i) => s.events[i]!.seq - 8);

  it('keeps only the segments with that flag, data or mark', () => {
    expect(kinds('SYN')).toEqual([1]);
    expect(kinds('data')).toEqual([2, 3]);
    expect(kinds('retransmission')).toEqual([3]);
    expect(kinds('zeroWindow')).toEqual([4]);
    expect(kinds('FIN')).toEqual([5]);
    expect(kinds('RST')).toEqual([6]);
    expect(kinds('dupAck')).toEqual([]);
  });

  it('finds segments by their flags and marks in words too', () => {
    const index = createLogIndex();
    expect(index.update(s.events, { ...NO_FILTER, query: 'retransmission' }).map((i) => s.events[i]!.seq)).toEqual([
      11,
    ]);
    expect(index.update(s.events, { ...NO_FILTER, query: 'syn segment' })).toHaveLength(1);
  });
});
