import { describe, expect, it } from 'vitest';
import { EventScript, ep } from '../../../shared/testing/events';
import { createLogIndex, NO_FILTER, rowAtOrBefore, searchText } from './logFilter';

function session() {
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.sent('s2', 'Bonjour', 0);
  s.received('s3', 'Bonjour', 0);
  s.add({ kind: 'error', socket: 's2', code: 'ECONNRESET', syscall: 'read', message: 'reset by peer' });
  return s;
}

describe('event log filter', () => {
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
