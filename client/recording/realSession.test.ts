import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { demoCall } from '../../bench/scenarios/demoCall';
import { createRecording, parseRecording } from '../../shared/recording';
import { pairData, socketEnds } from '../../shared/pairing';
import { worldAt } from '../../shared/world';
import { buildSequence } from '../features/sequence/model/build';
import type { Event } from '../../shared/protocol';

/**
 * A real session on loopback, recorded, read back, and looked at through the
 * pairing, the world at several cursors and the diagram model.
 */
describe('a recorded real session', () => {
  let server: TestServer;
  let events: Event[];
  let ids: Awaited<ReturnType<typeof demoCall>>;

  beforeAll(async () => {
    server = await startTestServer();
    const c = await server.client();
    ids = await demoCall(c);
    const back = parseRecording(JSON.stringify(createRecording(c.events)));
    if (!back.ok) throw new Error(back.error.message);
    events = back.recording.events;
  });
  afterAll(() => server?.close());

  const bytesOf = (e: Event) =>
    e.kind === 'sent' || e.kind === 'received' ? Buffer.from(e.data.base64, 'base64') : Buffer.alloc(0);

  it('pairs every byte received with the same byte sent, merged and split deliveries included', () => {
    const p = pairData(events);
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    for (const l of p.links) {
      const s = bySeq.get(l.sent)!;
      const r = bySeq.get(l.received)!;
      if (s.kind !== 'sent' || r.kind !== 'received') throw new Error('bad link');
      const sentPart = bytesOf(s).subarray(l.start - s.offset, l.end - s.offset);
      const gotPart = bytesOf(r).subarray(l.start - r.offset, l.end - r.offset);
      // Previews are cut at 4 KiB: compare what both sides kept.
      const n = Math.min(sentPart.length, gotPart.length);
      expect(gotPart.subarray(0, n).equals(sentPart.subarray(0, n))).toBe(true);
    }
    // The three small sends arrived in one receive.
    const merged = [...p.byReceived.entries()].find(
      ([seq]) => (bySeq.get(seq) as { socket?: string }).socket === ids.accepted,
    );
    expect(merged?.[1]).toHaveLength(3);
    // Some big send was split across receives, or some receive took parts of two big sends.
    const bigSends = events
      .filter((e) => e.kind === 'sent' && e.socket === ids.accepted && e.bytes === 50_000)
      .map((e) => e.seq);
    const split = bigSends.some((s) => (p.bySent.get(s)?.length ?? 0) > 1);
    const joined = [...p.byReceived.entries()].some(
      ([seq, sent]) => (bySeq.get(seq) as { socket?: string }).socket === ids.dialler && sent.length > 1,
    );
    expect(split || joined).toBe(true);
    // Every TCP byte is accounted for: 12 one way, 150,000 + 8 ('Allô ?\n' in UTF-8) the other.
    const total = (socket: string) =>
      p.links
        .filter((l) => (bySeq.get(l.received) as { socket?: string }).socket === socket)
        .reduce((n, l) => n + l.end - l.start, 0);
    expect(total(ids.accepted)).toBe(12);
    expect(total(ids.dialler)).toBe(150_008);
  });

  it('shows the world at any cursor: phases as they were at that event', () => {
    const seqOf = (kind: string, socket: string) =>
      events.find((e) => e.kind === kind && 'socket' in e && e.socket === socket)!.seq;
    const connecting = seqOf('connecting', ids.dialler);
    expect(worldAt(events, connecting).sockets[ids.dialler]?.phase).toBe('connecting');
    expect(worldAt(events, seqOf('connected', ids.dialler)).sockets[ids.dialler]?.phase).toBe('connected');
    expect(worldAt(events, seqOf('ended', ids.dialler)).sockets[ids.dialler]?.phase).toBe('half-closed');
    expect(worldAt(events, seqOf('peer-ended', ids.accepted)).sockets[ids.accepted]?.phase).toBe('peer-half-closed');
    expect(worldAt(events, seqOf('closed', ids.dialler)).sockets[ids.dialler]?.phase).toBe('closed');
    // Going back really is the earlier state.
    expect(worldAt(events, connecting - 1).sockets[ids.dialler]?.phase).toBe('created');
  });

  it('draws the UDP postcard to nobody as ending nowhere, and the answer as delivered', () => {
    const last = events.at(-1)!.seq;
    const m = buildSequence({ events, cursor: last, world: worldAt(events, last), sockets: socketEnds(events) });
    const postcards = m.arrows.filter((a) => a.kind === 'datagram');
    expect(postcards.map((a) => `${a.label} ${a.fate}`)).toEqual([
      'carte 1 arrived',
      'réponse arrived',
      'hello? nowhere',
    ]);
    expect(m.arrows.filter((a) => a.kind === 'fin').map((a) => a.fate)).toEqual(['arrived', 'arrived']);
  });

  it('at every cursor, shows nothing that happened after it', () => {
    const sockets = socketEnds(events);
    for (let cursor = 0; cursor <= events.at(-1)!.seq; cursor++) {
      const world = worldAt(events, cursor);
      expect(world.seq).toBe(cursor);
      const m = buildSequence({ events, cursor, world, sockets });
      expect(m.rowSeqs.every((s) => s <= cursor)).toBe(true);
      for (const a of m.arrows) {
        if (a.sentSeq !== undefined) expect(a.sentSeq).toBeLessThanOrEqual(cursor);
        if (a.receivedSeq !== undefined) expect(a.receivedSeq).toBeLessThanOrEqual(cursor);
        // Bytes not received by the cursor are drawn in flight, below the last row.
        if (a.fate === 'in-flight') expect(a.y2).toBeGreaterThan(m.rowSeqs.length - 1);
      }
      // Only sockets created by the cursor have a lifeline.
      for (const l of m.lifelines) if (!l.external) expect(world.sockets[l.id]).toBeDefined();
    }
  });
});
