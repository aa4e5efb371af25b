import { describe, expect, it } from 'vitest';
import { createRecording, parseRecording, recordingFileName } from './recording';
import { EventScript } from './testing/events';

function session() {
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.sent('s2', 'Allô ?', 0);
  s.received('s3', 'Allô ?', 0);
  return s.events;
}

describe('recordings', () => {
  it('round-trips a session through JSON unchanged', () => {
    const events = session();
    const rec = createRecording(events, { app: 'allo', lang: 'fr' }, new Date('2026-11-22T10:00:00Z'));
    const back = parseRecording(JSON.stringify(rec));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.recording.events).toEqual(events);
    expect(back.recording).toMatchObject({
      format: 'allo-recording',
      version: 1,
      protocol: 1,
      createdAt: '2026-11-22T10:00:00.000Z',
    });
  });

  it('says which rule a bad file breaks', () => {
    const good = createRecording(session());
    const cases: Array<[string, string]> = [
      ['{not json', 'NOT_JSON'],
      ['[1,2,3]', 'NOT_A_RECORDING'],
      [JSON.stringify({ ...good, format: 'pcap' }), 'NOT_A_RECORDING'],
      [JSON.stringify({ ...good, version: 2 }), 'UNSUPPORTED_VERSION'],
      [JSON.stringify({ ...good, protocol: 9 }), 'UNSUPPORTED_VERSION'],
      [
        JSON.stringify({ ...good, events: [...good.events.slice(0, 2), { seq: 3, t: 1, kind: 'teleported' }] }),
        'INVALID',
      ],
      [JSON.stringify({ ...good, events: [good.events[1], good.events[0]] }), 'OUT_OF_ORDER'],
    ];
    for (const [text, code] of cases) {
      const r = parseRecording(text);
      expect(r.ok, text.slice(0, 40)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
  });

  it('points at the damaged field', () => {
    const good = createRecording(session());
    const bad = structuredClone(good) as { events: Array<Record<string, unknown>> };
    bad.events[3]!.seq = -1;
    const r = parseRecording(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('events[3].seq');
  });

  it('names files by date', () => {
    expect(recordingFileName(new Date(2026, 10, 22, 9, 5))).toBe('allo-2026-11-22-0905.json');
  });
});

describe('test support', () => {
  it('encodes UTF-8 as base64 like the platform', async () => {
    const { base64 } = await import('./testing/events');
    for (const text of ['', 'a', 'ab', 'abc', 'Allô ?', '☎ 日本']) {
      const bytes = [...new TextEncoder().encode(text)];
      expect(base64(bytes)).toBe(btoa(String.fromCharCode(...bytes)));
    }
  });
});
