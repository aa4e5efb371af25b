import { describe, expect, it } from 'vitest';
import type { Event, EventInput } from '../../../shared/protocol';
import { emptyWorld, reduceWorld } from '../../../shared/world';
import type { SequenceModel } from '../sequence';
import { buildWireLayer, callsFor } from './wireLayerModel';

const A = { address: '127.0.0.1', port: 5000, family: 4 as const };
const B = { address: '127.0.0.1', port: 40000, family: 4 as const };

function script(inputs: [number, EventInput][]): Event[] {
  return inputs.map(([t, e], i) => ({ ...e, seq: i + 1, t }) as Event);
}
const seg = (socket: string, peer: string | undefined, frame: number, flags: string[], extra = {}): EventInput =>
  ({
    kind: 'segment',
    socket,
    dir: 'out',
    ...(peer ? { peer } : {}),
    frame,
    flags,
    tcpSeq: 0,
    tcpAck: 0,
    len: 0,
    win: 100,
    ...extra,
  }) as EventInput;

describe('the wire layer model', () => {
  const events = script([
    [1, { kind: 'created', socket: 's1', proto: 'tcp', family: 4 }],
    [2, { kind: 'connecting', socket: 's1', remote: A }],
    [5, { kind: 'connected', socket: 's1', local: B, remote: A }],
    // Captured before `connected` was reported, numbered after it.
    [2.1, seg('s1', undefined, 1, ['SYN'])],
    [2.2, seg('s1', undefined, 2, ['SYN', 'ACK'], { dir: 'in' })],
    [2.3, seg('s1', undefined, 3, ['ACK'], { tcpSeq: 1, tcpAck: 1 })],
    [6, { kind: 'sent', socket: 's1', bytes: 2, offset: 0, data: { text: 'hi', base64: 'aGk=' } }],
    [6.1, seg('s1', undefined, 4, ['PSH', 'ACK'], { tcpSeq: 1, tcpAck: 1, len: 2, retransmission: true })],
  ]);
  const world = events.reduce(reduceWorld, emptyWorld());
  const model: SequenceModel = {
    firstRow: 0,
    lifelines: [
      { id: 's1', title: 's1', endpoint: '127.0.0.1:40000', proto: 'tcp', external: false, y1: 0, y2: null },
      {
        id: 'out:127.0.0.1:5000',
        title: '',
        endpoint: '127.0.0.1:5000',
        proto: null,
        external: true,
        y1: -0.5,
        y2: null,
      },
    ],
    arrows: [
      { key: 'a', kind: 'syn', from: 's1', to: 'out:127.0.0.1:5000', y1: 1, y2: 1.3, fate: 'arrived', label: 'SYN' },
      { key: 'b', kind: 'data', from: 's1', to: 'out:127.0.0.1:5000', y1: 3, y2: 3.5, fate: 'arrived', label: '2 B' },
    ],
    marks: [],
    rowSeqs: [1, 2, 3, 7],
    hiddenBefore: 0,
  };
  const rowTimes = [1, 2, 5, 6];

  it('places each packet between the API rows by its capture time, in capture order', () => {
    const arrows = buildWireLayer({ events, cursor: 8, model, rowTimes, world });
    expect(arrows.map((a) => [a.label, a.y, a.from, a.to])).toEqual([
      ['SYN', 1.25, 's1', 'out:127.0.0.1:5000'],
      ['SYN,ACK', 1.5, 'out:127.0.0.1:5000', 's1'],
      ['ACK', 1.75, 's1', 'out:127.0.0.1:5000'],
      ['PSH,ACK 2', 3.5, 's1', 'out:127.0.0.1:5000'],
    ]);
    expect(arrows.map((a) => a.pureAck)).toEqual([false, false, true, false]);
    expect(arrows[3]?.marks).toEqual(['retransmission']);
    expect(arrows[0]?.header).toBe('[SYN] seq 0 len 0 win 100');
  });

  it('shows only the packets up to the cursor (by seq, as every view)', () => {
    expect(buildWireLayer({ events, cursor: 4, model, rowTimes, world }).map((a) => a.frame)).toEqual([1]);
  });

  it('draws the handshake from the segments, not from connect(), when they are there', () => {
    expect(callsFor(model, 'both', true).arrows.map((a) => a.kind)).toEqual(['data']);
    expect(callsFor(model, 'both', false).arrows).toHaveLength(2);
    expect(callsFor(model, 'calls', true).arrows).toHaveLength(2);
    expect(callsFor(model, 'wire', true)).toMatchObject({ arrows: [], marks: [] });
  });
});
