import { describe, expect, it } from 'vitest';
import { latencyHistogram, scoreCompare, type ScoreEvent } from './scoreboard';
import { encodeMessage } from './message';
import { DEFAULT_LINK } from './link';

const ep = { address: '127.0.0.1', port: 5000, family: 4 as const };
const text = (s: string) => ({ text: s, base64: Buffer.from(s).toString('base64') });

/** A session's events for one run of `count` messages of 10 bytes. */
function run(count: number) {
  const events: ScoreEvent[] = [];
  let seq = 0;
  const push = (e: Record<string, unknown>, t: number) => events.push({ seq: ++seq, t, ...e } as ScoreEvent);
  push({ kind: 'accepted', socket: 'L', child: 'R', local: ep, remote: ep }, 0);
  push(
    {
      kind: 'compare-started',
      run: 'r1',
      script: { count, size: 10, intervalMs: 10 },
      link: DEFAULT_LINK,
      tcp: { listener: 'L', sender: 'T' },
      udp: { receiver: 'UR', sender: 'US' },
      relays: { tcp: ep, udp: ep },
    },
    1,
  );
  return {
    events,
    tcpSend: (n: number, t: number) =>
      push({ kind: 'sent', socket: 'T', bytes: 10, offset: n * 10, data: text(encodeMessage(n, 10)) }, t),
    tcpRecv: (offset: number, bytes: number, t: number) =>
      push({ kind: 'received', socket: 'R', bytes, offset, data: text('') }, t),
    udpSend: (n: number, t: number) =>
      push({ kind: 'sent', socket: 'US', bytes: 10, offset: 0, data: text(encodeMessage(n, 10)) }, t),
    udpRecv: (n: number, t: number) =>
      push({ kind: 'received', socket: 'UR', bytes: 10, offset: 0, data: text(encodeMessage(n, 10)), from: ep }, t),
    drop: (n: number, t: number) =>
      push({ kind: 'link', run: 'r1', lane: 'udp', n: n + 1, action: 'drop', reason: 'loss', bytes: 10, msg: n }, t),
    end: (t: number, reason: 'done' | 'stopped' = 'done') => push({ kind: 'compare-ended', run: 'r1', reason }, t),
  };
}

describe('scoreCompare', () => {
  it('is null without a run', () => expect(scoreCompare([])).toBeNull());

  it('pairs TCP messages by stream offset, however the chunks were merged or split', () => {
    const r = run(4);
    for (let n = 0; n < 4; n++) r.tcpSend(n, 10 + n);
    r.tcpRecv(0, 25, 30); // messages 0 and 1 complete, 2 half there: merged
    let s = scoreCompare(r.events)!.tcp;
    expect([s.sent, s.delivered, s.inFlight, s.lost, s.chunks, s.boundaries]).toEqual([4, 2, 2, 0, 1, 'merged']);
    r.tcpRecv(25, 15, 50);
    r.end(60);
    s = scoreCompare(r.events)!.tcp;
    expect([s.delivered, s.lost, s.inFlight, s.outOfOrder, s.duplicated, s.chunks]).toEqual([4, 0, 0, 0, 0, 2]);
    expect(s.messages.map((m) => m.deliveredT! - m.sentT!)).toEqual([20, 19, 38, 37]);
    expect([s.latencyP50, s.latencyP95]).toEqual([20, 38]);
  });

  it('never says TCP kept the boundaries: one recv per message is "matched" (timing), with both counts', () => {
    const r = run(2);
    r.tcpSend(0, 1);
    r.tcpSend(1, 2);
    r.tcpRecv(0, 10, 3);
    r.tcpRecv(10, 10, 4);
    const s = scoreCompare(r.events)!.tcp;
    expect([s.boundaries, s.sends, s.chunks]).toEqual(['matched', 2, 2]);
  });

  it('counts what the kernel resent from retransmit events, and marks when the counter went up', () => {
    const r = run(2);
    const rt = (segments: number, bytes: number, t: number) =>
      r.events.push({
        seq: r.events.length + 1,
        t,
        kind: 'retransmit',
        run: 'r1',
        lane: 'tcp',
        socket: 'T',
        segments,
        bytes,
        dropped: segments + 1,
      });
    r.tcpSend(0, 1);
    rt(0, 0, 2);
    rt(2, 20, 205);
    rt(2, 20, 300);
    rt(5, 50, 610);
    const s = scoreCompare(r.events)!;
    expect(s.retransmissions).toEqual({
      segments: 5,
      bytes: 50,
      dropped: 6,
      marks: [
        { t: 205, segments: 2 },
        { t: 610, segments: 3 },
      ],
    });
    expect(s.path.mode).toBe('relay'); // a run without path: the relays, as before paths existed
  });

  it("puts both lanes' latencies on one histogram axis, with the maximum", () => {
    const r = run(4);
    for (let n = 0; n < 4; n++) r.udpSend(n, 0);
    r.udpRecv(0, 10);
    r.udpRecv(1, 20);
    r.udpRecv(2, 80);
    r.tcpSend(0, 0);
    r.tcpRecv(0, 10, 40);
    const s = scoreCompare(r.events)!;
    expect([s.udp.latencyMax, s.tcp.latencyMax]).toEqual([80, 40]);
    const h = latencyHistogram(s, 4)!;
    expect(h.edges).toEqual([0, 20, 40, 60, 80]);
    expect(h.udp).toEqual([1, 1, 0, 1]);
    expect(h.tcp).toEqual([0, 0, 1, 0]);
  });

  it('counts UDP losses, duplicates and late arrivals, and calls the missing ones lost once the run ends', () => {
    const r = run(6);
    for (let n = 0; n < 6; n++) r.udpSend(n, n);
    r.drop(1, 1);
    r.udpRecv(0, 5);
    r.udpRecv(3, 6);
    r.udpRecv(2, 7); // overtaken by 3: late
    r.udpRecv(3, 8); // a second copy
    let s = scoreCompare(r.events)!.udp;
    expect([s.sent, s.delivered, s.lost, s.inFlight, s.duplicated, s.outOfOrder]).toEqual([6, 3, 1, 2, 1, 1]);
    r.udpRecv(5, 9);
    r.end(20); // 4 never came: lost, though the relay did not say so (the kernel may drop too)
    s = scoreCompare(r.events)!.udp;
    expect([s.delivered, s.lost, s.inFlight, s.boundaries, s.chunks]).toEqual([4, 2, 0, 'kept', 5]);
    expect(s.messages[4]!.lost).toBe(true);
    expect(s.messages[1]!.lostT).toBe(1);
    expect(scoreCompare(r.events)!.ended?.reason).toBe('done');
  });

  it('leaves what a stopped run cut off in flight, not lost', () => {
    const r = run(3);
    for (let n = 0; n < 3; n++) r.udpSend(n, n);
    r.drop(0, 1);
    r.udpRecv(1, 5);
    r.end(6, 'stopped');
    const s = scoreCompare(r.events)!.udp;
    expect([s.delivered, s.lost, s.inFlight]).toEqual([1, 1, 1]);
  });

  it('never calls a TCP message lost: what had not arrived when the run ended was still being resent', () => {
    const r = run(4);
    for (let n = 0; n < 4; n++) r.tcpSend(n, n);
    r.tcpRecv(0, 20, 5); // messages 0 and 1; 2 and 3 are still in the kernel's hands at the end
    r.end(10);
    const s = scoreCompare(r.events)!.tcp;
    expect([s.sent, s.delivered, s.lost, s.inFlight]).toEqual([4, 2, 0, 2]);
    expect(s.messages[3]!.lost).toBeFalsy();
  });

  it('scores the last run unless told which one', () => {
    const a = run(1);
    a.udpSend(0, 2);
    const b = run(3);
    const both = [
      ...a.events,
      ...b.events.map((e) => ({ ...e, seq: e.seq + 100, ...(e.kind === 'compare-started' ? { run: 'r2' } : {}) })),
    ];
    expect(scoreCompare(both)!.run).toBe('r2');
    expect(scoreCompare(both, 'r1')!.udp.sent).toBe(1);
    // At a cursor before the second run started, the first run is the one shown.
    expect(scoreCompare(both, undefined, a.events.length)!.run).toBe('r1');
  });
});
