/**
 * The kernel's part of a compare run's link, inside the lanes' namespace:
 * nftables rules that drop packets of the lossy leg at random, and the
 * kernel's own counters read back (nftables' per-rule counters, `ss -ti`'s
 * retransmissions), so the page shows what the kernel did, not what we hoped.
 *
 * Drops are on the *input* hook: a packet dropped on output would make the
 * sender's sendto() fail with EPERM, which no real network does.
 */
import { spawnSync } from 'node:child_process';
import { parseInfoTokens, retransmitsOf } from '../kernel/tcpInfo';

/**
 * The ruleset for one run. Only the leg between each sender and its relay is
 * lossy, in both directions for TCP (data and ACKs), like a bad radio link;
 * the relay → receiver leg stays clean, so each datagram faces the loss once.
 */
export function dropRules(tcpRelayPort: number, udpRelayPort: number, lossPct: number): string {
  const n = Math.round(Math.min(100, Math.max(0, lossPct)) * 100); // out of 10,000: 0.01 % steps
  const drop = `numgen random mod 10000 < ${n} counter drop`;
  return [
    'table inet allo {',
    '  chain lanes {',
    '    type filter hook input priority 0; policy accept;',
    `    udp dport ${udpRelayPort} ${drop} comment "udp"`,
    `    tcp dport ${tcpRelayPort} ${drop} comment "tcp-data"`,
    `    tcp sport ${tcpRelayPort} ${drop} comment "tcp-ack"`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Packets dropped so far by each rule, by comment (`udp`, `tcp-data`, `tcp-ack`). */
export function parseDropCounters(json: string): Record<string, number> {
  const counts: Record<string, number> = {};
  let doc: { nftables?: { rule?: { comment?: string; expr?: { counter?: { packets?: number } }[] } }[] };
  try {
    doc = JSON.parse(json);
  } catch {
    return counts;
  }
  for (const item of doc.nftables ?? []) {
    const rule = item.rule;
    if (!rule?.comment) continue;
    const counter = rule.expr?.find((e) => e.counter)?.counter;
    counts[rule.comment] = counter?.packets ?? 0;
  }
  return counts;
}

/** TCP packets of the lane the kernel's link dropped so far (data and ACKs). */
export function readDropped(): number {
  const r = spawnSync('nft', ['-j', 'list', 'table', 'inet', 'allo'], { encoding: 'utf8' });
  if (r.status !== 0) return 0;
  const c = parseDropCounters(r.stdout);
  return (c['tcp-data'] ?? 0) + (c['tcp-ack'] ?? 0);
}

/** Datagrams of the UDP lane the kernel's link dropped so far. */
export function readUdpDropped(): number {
  const r = spawnSync('nft', ['-j', 'list', 'table', 'inet', 'allo'], { encoding: 'utf8' });
  return r.status === 0 ? (parseDropCounters(r.stdout).udp ?? 0) : 0;
}

/**
 * `ss -ti` of the TCP sender's connection to its relay: total segments and
 * bytes sent again (the one ss -ti parser, server/kernel/tcpInfo.ts).
 */
export function parseRetransmits(ssOutput: string): { segments: number; bytes: number } {
  return retransmitsOf(parseInfoTokens(ssOutput));
}

export function readRetransmits(relayPort: number): { segments: number; bytes: number } {
  const r = spawnSync('ss', ['-tinH', 'dport', '=', `:${relayPort}`], { encoding: 'utf8' });
  return r.status === 0 ? parseRetransmits(r.stdout) : { segments: 0, bytes: 0 };
}
