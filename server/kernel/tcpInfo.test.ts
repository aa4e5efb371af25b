/**
 * The `ss -ti` reader: its parser on ss's own output format, and on this
 * machine's real sockets against `ss -tin` run by the test itself and read
 * with nothing of the parser (split on spaces, one regex per field).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSsTcp, readSsTcpSync, ssArgs, ssAvailable, tcpInfoOf } from './tcpInfo';

const SAMPLE = `ESTAB  0      3791494 127.0.0.1:32992 127.0.0.1:41959
\t bbr wscale:10,10 rto:208 backoff:1 rtt:5.174/10.279 mss:47616 pmtu:65535 rcvmss:536 advmss:65483 cwnd:15 bytes_sent:142848 bytes_retrans:14875 bytes_acked:127974 segs_out:8 segs_in:4 data_segs_out:5 bbr:(bw:1796811760bps,mrtt:0.034,pacing_gain:2.88672,cwnd_gain:2.88672) send 1104352532bps lastsnd:500 lastrcv:512 lastack:256 pacing_rate 220162146888bps delivery_rate 38085176bps delivered:6 busy:512ms rwnd_limited:512ms(100.0%) retrans:0/1 dsack_dups:1 rcv_space:65495 rcv_ssthresh:65495 notsent:3791494 minrtt:0.034
ESTAB  127973 0       [::ffff:127.0.0.1]:41959 [::ffff:127.0.0.1]:32992
\t cubic wscale:10,10 rto:200 rtt:0.023/0.011 ato:80 mss:32768 cwnd:10 bytes_received:127973 segs_out:3 segs_in:8 data_segs_in:5 rcv_space:65483 minrtt:0.023 snd_wnd:65536
TIME-WAIT 0      0      [::1]:34496 [::1]:38167
\t
LAST-ACK 0      6       127.0.0.1%lo:5000 127.0.0.1:40000
\t cubic rto:204 rtt:0.05/0.02 cwnd:10 bytes_acked:1 segs_out:4 segs_in:3 unacked:1
garbage line
`;

describe('parseSsTcp', () => {
  const [sender, receiver, timeWait, lastAck] = parseSsTcp(SAMPLE);

  it('reads each socket line, its endpoints in every spelling, and the state in the kernel words', () => {
    expect(parseSsTcp(SAMPLE)).toHaveLength(4);
    expect(sender).toMatchObject({
      state: 'ESTABLISHED',
      recvQ: 0,
      sendQ: 3791494,
      local: { address: '127.0.0.1', port: 32992 },
      remote: { address: '127.0.0.1', port: 41959 },
    });
    expect(receiver?.local).toEqual({ address: '::ffff:127.0.0.1', port: 41959 });
    expect(timeWait).toMatchObject({ state: 'TIME_WAIT', local: { address: '::1', port: 34496 } });
    expect(lastAck).toMatchObject({ state: 'LAST_ACK', local: { address: '127.0.0.1', port: 5000 } });
  });

  it('turns a window-blocked sender into unsent bytes with nothing in flight, and its totals', () => {
    expect(tcpInfoOf(sender!)).toEqual({
      rttMs: 5.174,
      rttVarMs: 10.279,
      cwnd: 15,
      retransmits: 1, // retrans:<now>/<total>, not bytes_retrans nor the bbr:(…) sub-fields
      bytesAcked: 127974,
      bytesReceived: 0, // not printed: zero
      segsIn: 4,
      segsOut: 8,
      unsent: 3791494,
      unacked: 0,
    });
    expect(tcpInfoOf(receiver!)).toMatchObject({ bytesReceived: 127973, bytesAcked: 0, unsent: 0, unacked: 0 });
  });

  it('keeps no tcp_info for TIME_WAIT, and never counts the FIN as a byte in flight', () => {
    expect(tcpInfoOf(timeWait!)).toBeUndefined();
    // LAST_ACK: Send-Q 6 is five bytes and the FIN's sequence number.
    expect(tcpInfoOf(lastAck!)).toMatchObject({ unsent: 0, unacked: 5 });
  });

  it('filters on the local ports asked for, or on none past what the kernel filter holds', () => {
    expect(ssArgs([5000, 5001, 5000])).toEqual(['-tinH', 'state', 'connected', '( sport = :5000 or sport = :5001 )']);
    expect(ssArgs(Array.from({ length: 65 }, (_, i) => 2000 + i))).toEqual(['-tinH', 'state', 'connected']);
  });
});

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/** The test's own reading of `ss -tin` for one connection: Send-Q by column, notsent by regex. */
function ssByHand(localPort: number, peerPort: number): { sendQ: number; notsent: number; bytesAcked: number } {
  const out = spawnSync('ss', ['-tinH', 'state', 'all', `( sport = :${localPort} and dport = :${peerPort} )`], {
    encoding: 'utf8',
  }).stdout;
  const [head, info = ''] = out.split('\n');
  const cols = (head ?? '').trim().split(/\s+/);
  return {
    sendQ: Number(cols[2]),
    notsent: Number(/ notsent:(\d+)/.exec(info)?.[1] ?? 0),
    bytesAcked: Number(/ bytes_acked:(\d+)/.exec(info)?.[1] ?? 0),
  };
}

describe.runIf(ssAvailable())('readSsTcpSync on this machine', () => {
  it('separates bytes held back by a closed window (unsent) from bytes in flight (unacked), as ss -tin says', async () => {
    const server = createServer({ pauseOnConnect: true });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => server.close());
    const port = (server.address() as { port: number }).port;
    const accepted = once(server, 'connection').then(([s]) => s as Socket);
    const client = connect(port, '127.0.0.1');
    cleanup.push(() => client.destroy());
    await once(client, 'connect');
    const reader = await accepted;
    cleanup.push(() => reader.destroy());
    client.write(Buffer.alloc(2 * 1024 * 1024, 0x61)); // more than the paused reader's window

    // Wait (bounded) until the reader's window closed: the sender holds bytes it may not send.
    let seen: ReturnType<typeof readSsTcpSync>['sockets'][number] | undefined;
    for (let i = 0; i < 200; i++) {
      seen = readSsTcpSync([client.localPort!]).sockets.find((s) => s.remote.port === port);
      const info = seen && tcpInfoOf(seen);
      if (info && info.unsent > 0 && info.unacked === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const info = tcpInfoOf(seen!)!;
    const hand = ssByHand(client.localPort!, port);
    expect(info.unsent).toBeGreaterThan(0);
    expect(info.unacked).toBe(0);
    // Nothing moves while the window stays closed: the two readings agree exactly.
    expect(info.unsent).toBe(hand.notsent);
    expect(info.unsent + info.unacked).toBe(hand.sendQ);
    expect(info.bytesAcked).toBe(hand.bytesAcked);
    expect(info.rttMs).toBeGreaterThan(0);
    expect(info.segsOut).toBeGreaterThan(2);

    // The receiver: what it holds unread, acknowledged and counted.
    const r = readSsTcpSync([port]).sockets.find((s) => s.remote.port === client.localPort);
    expect(r?.recvQ).toBe(tcpInfoOf(r!)!.bytesReceived); // none read: every byte received is still queued
    // The sender's count includes the SYN, which the receiver acknowledged too.
    expect(info.bytesAcked).toBe(tcpInfoOf(r!)!.bytesReceived + 1);
  });
});
