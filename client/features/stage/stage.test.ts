import { describe, expect, it } from 'vitest';
import type { Endpoint, Event, EventInput } from '../../../shared/protocol';
import { worldAt } from '../../../shared/world';
import { bytesLabel } from './bytes';
import { captionFor, captionIdentity } from './captions';
import { MAX_NEW_FLIGHTS, newFlights } from './flights';
import { layoutStage } from './layout';

const ep = (port: number): Endpoint => ({ address: '127.0.0.1', port, family: 4 });
const txt = (text: string) => ({ text, base64: Buffer.from(text).toString('base64') });

function session(...inputs: EventInput[]): Event[] {
  return inputs.map((e, i) => ({ ...e, seq: i + 1, t: i }) as Event);
}

const callEvents = () =>
  session(
    { kind: 'created', socket: 's1', proto: 'tcp', family: 4, label: 'server' },
    { kind: 'listening', socket: 's1', local: ep(5000), backlog: 16 },
    { kind: 'created', socket: 's2', proto: 'tcp', family: 4, label: 'client' },
    { kind: 'connected', socket: 's2', local: ep(40000), remote: ep(5000) },
    { kind: 'accepted', socket: 's1', child: 's3', local: ep(5000), remote: ep(40000) },
    { kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: 's1' },
    { kind: 'created', socket: 'u1', proto: 'udp', family: 4 },
  );

describe('layoutStage', () => {
  it('puts the switchboard and its calls on the right, each caller level with its call', () => {
    const { places, rows } = layoutStage(worldAt(callEvents(), 99));
    expect(places.s1).toMatchObject({ column: 'right', row: 0 });
    expect(places.s3).toMatchObject({ column: 'right', row: 1 });
    expect(places.s2).toMatchObject({ column: 'left', row: 1 });
    expect(places.u1).toMatchObject({ column: 'left', row: 0 });
    expect(rows).toBe(2);
    expect(places.s2!.y).toBe(places.s3!.y);
  });
  it('draws a ghost phone across from a call whose peer is outside the session', () => {
    const events = [
      ...callEvents(),
      { seq: 8, t: 8, kind: 'accepted', socket: 's1', child: 's4', local: ep(5000), remote: ep(41000) } as Event,
    ];
    const { places, ghosts } = layoutStage(worldAt(events, 99));
    expect(places.s4).toMatchObject({ column: 'right', row: 2 });
    expect(ghosts.s4).toMatchObject({ column: 'left', row: 2 });
  });
  it('links a socket dialling a listener of the session to it', () => {
    const events = session(
      { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
      { kind: 'listening', socket: 's1', local: ep(5000), backlog: 16 },
      { kind: 'created', socket: 's2', proto: 'tcp', family: 4 },
      { kind: 'connecting', socket: 's2', remote: ep(5000) },
    );
    const layout = layoutStage(worldAt(events, 99));
    expect(layout.dialled).toEqual({ s2: 's1' });
    expect(layout.ghosts).toEqual({});
  });
  it('can leave hung-up phones out', () => {
    const events = [...callEvents(), { seq: 8, t: 8, kind: 'closed', socket: 'u1', hadError: false } as Event];
    expect(layoutStage(worldAt(events, 99), true).shown).toEqual(['s1', 's2', 's3']);
  });
});

describe('newFlights', () => {
  it('flies each delivered chunk from the speaker to the listener, not each send', () => {
    const events = [
      ...callEvents(),
      ...session(
        { kind: 'sent', socket: 's2', bytes: 2, offset: 0, data: txt('ab') },
        { kind: 'sent', socket: 's2', bytes: 2, offset: 2, data: txt('cd') },
        { kind: 'received', socket: 's3', bytes: 4, offset: 0, data: txt('abcd') },
      ).map((e, i) => ({ ...e, seq: 8 + i })),
    ];
    const next = worldAt(events, 99);
    const { flights, summarised } = newFlights(worldAt(events, 7), next);
    expect(flights.map((f) => [f.from, f.to, f.data.text])).toEqual([[{ socket: 's2' }, { socket: 's3' }, 'abcd']]);
    expect(summarised).toBe(0);
  });
  it('summarises a burst instead of queueing it', () => {
    const burst = Array.from(
      { length: 40 },
      (_, i) => ({ seq: 8 + i, t: 8, kind: 'received', socket: 's3', bytes: 1, offset: i, data: txt('x') }) as Event,
    );
    const events = [...callEvents(), ...burst];
    const next = worldAt(events, 99);
    const { flights, summarised } = newFlights(worldAt(events, 7), next);
    expect(flights).toHaveLength(MAX_NEW_FLIGHTS);
    expect(flights.at(-1)?.seq).toBe(47);
    expect(summarised).toBe(40 - MAX_NEW_FLIGHTS);
  });
  it('sends a postcard to nobody off the stage, and never animates going back', () => {
    const events = [
      ...callEvents(),
      { seq: 8, t: 8, kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: txt('?'), to: ep(9) } as Event,
    ];
    const next = worldAt(events, 99);
    const { flights } = newFlights(worldAt(events, 7), next);
    expect(flights).toEqual([
      expect.objectContaining({ kind: 'postcard', nowhere: true, from: { socket: 'u1' }, to: { across: 'u1' } }),
    ]);
    expect(newFlights(next, worldAt(events, 7)).flights).toEqual([]);
  });
});

describe('captions and bytes', () => {
  it('names the analogy and the call', () => {
    const events = callEvents();
    const w = worldAt(events, 99);
    expect(captionFor(events[4]!, w)).toMatchObject({
      key: 'caption.accepted',
      api: 'accept()',
      values: { who: 'server (s1)', child: 's3' },
    });
    const refused = {
      seq: 9,
      t: 9,
      kind: 'error',
      socket: 's2',
      code: 'ECONNREFUSED',
      syscall: 'connect',
      message: 'm',
    } as Event;
    expect(captionFor(refused, w)).toMatchObject({
      key: 'caption.error.ECONNREFUSED',
      api: 'connect() → ECONNREFUSED',
      tone: 'bad',
    });
  });
  it("one caption for the kernel's countdown of one call, a new one for every other event", () => {
    const tick = (seq: number, state: string, timerMs?: number, socket = 's2') =>
      ({ seq, t: seq, kind: 'kernel', socket, state, txQueue: 0, rxQueue: 0, afterClose: true, timerMs }) as Event;
    const w = worldAt(callEvents(), 99);
    // TIME_WAIT's seconds change, the caption stays the one that arrived: no fade once a second.
    expect(captionIdentity(tick(20, 'TIME_WAIT', 59_000))).toBe(captionIdentity(tick(21, 'TIME_WAIT', 58_000)));
    expect(captionFor(tick(21, 'TIME_WAIT', 58_000), w).values).toMatchObject({ seconds: 58 });
    // A new state, another socket, or any other event is a new caption.
    expect(captionIdentity(tick(22, 'CLOSED'))).not.toBe(captionIdentity(tick(21, 'TIME_WAIT', 58_000)));
    expect(captionIdentity(tick(23, 'TIME_WAIT', 1, 's3'))).not.toBe(captionIdentity(tick(21, 'TIME_WAIT', 1)));
    const [a, b] = callEvents();
    expect(captionIdentity(a!)).not.toBe(captionIdentity(b!));
  });
  it('shows text when readable and hex otherwise', () => {
    expect(bytesLabel(txt('hello'), false)).toEqual({ text: 'hello', hex: false });
    expect(bytesLabel(txt('hi'), true)).toEqual({ text: '68 69', hex: true });
    expect(bytesLabel({ text: '\u0001', base64: 'AQ==' }, false)).toEqual({ text: '01', hex: true });
    expect(bytesLabel({ base64: '/w==' }, false).text).toBe('ff');
  });
});
