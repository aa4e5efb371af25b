/**
 * The kernel's `tcp_info` per TCP connection, read with iproute2's `ss -tinH`
 * (the `inet_diag` netlink interface: no privilege is needed for the server's
 * own sockets). One parser for every reader of `ss -ti` in the server: the
 * kernel observer (`kernel` events' `tcpInfo`) and the compare lanes' link
 * (server/netns/kernelLink.ts, retransmissions).
 *
 * Why `ss` and not netlink from Node: Node cannot open an AF_NETLINK socket,
 * and the one npm binding (`netlink`, a native addon) speaks rtnetlink and
 * generic netlink, not sock_diag, so the tcp_info struct would still be ours
 * to decode. `ss` is in every Linux with iproute2 and its output is stable.
 *
 * `ss` prints a counter only when it is not zero (iproute2's
 * tcp_stats_print): an absent `bytes_acked`, `notsent`, `retrans`… is 0.
 */
import { spawnSync } from 'node:child_process';
import type { TcpInfo } from '../../shared/protocol';

/** The `key:value` tokens of one socket's info line (`rtt:0.02/0.01 cwnd:10 …`), first occurrence kept. */
export function parseInfoTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|\s)([a-z_]+):(\S+)/g)) if (!tokens.has(m[1]!)) tokens.set(m[1]!, m[2]!);
  return tokens;
}

const num = (tokens: Map<string, string>, key: string): number => {
  const v = Number(tokens.get(key));
  return Number.isFinite(v) ? v : 0;
};

/** `retrans:<now>/<total>` and `bytes_retrans:<n>`: segments and bytes sent again since the connection began. */
export function retransmitsOf(tokens: Map<string, string>): { segments: number; bytes: number } {
  const total = /^\d+\/(\d+)$/.exec(tokens.get('retrans') ?? '');
  return { segments: total ? Number(total[1]) : 0, bytes: num(tokens, 'bytes_retrans') };
}

/** ss's state words → the kernel's names (include/net/tcp_states.h), as /proc/net and `kernel` events spell them. */
const STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

/** States in which this side's FIN took a sequence number that `write_seq − snd_una` (Send-Q) counts as a byte. */
const FIN_QUEUED = new Set(['FIN_WAIT1', 'CLOSING', 'LAST_ACK']);

export interface SsTcpSocket {
  proto: 'tcp';
  state: string;
  local: { address: string; port: number };
  remote: { address: string; port: number };
  /** Recv-Q and Send-Q as ss prints them (for a connection: unread bytes, and write_seq − snd_una). */
  recvQ: number;
  sendQ: number;
  tokens: Map<string, string>;
}

/** `127.0.0.1:80`, `[::1]:80`, `[::ffff:127.0.0.1]:80`, `127.0.0.1%lo:80`, `*:80` → address and port. */
function endpoint(text: string): { address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  const port = Number(text.slice(colon + 1));
  let address = text.slice(0, colon).replace(/%[^\]]*$/, '');
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1).replace(/%.*$/, '');
  if (address === '*') address = '0.0.0.0';
  return Number.isInteger(port) && address ? { address, port } : undefined;
}

/**
 * Parses `ss -tinH` output: a line per socket (`State Recv-Q Send-Q Local Peer`),
 * then its info line, indented with a tab. Lines it cannot read are skipped.
 */
export function parseSsTcp(output: string): SsTcpSocket[] {
  const sockets: SsTcpSocket[] = [];
  let last: SsTcpSocket | undefined;
  for (const line of output.split('\n')) {
    if (/^\s/.test(line)) {
      if (last && line.trim())
        for (const [k, v] of parseInfoTokens(line)) if (!last.tokens.has(k)) last.tokens.set(k, v);
      continue;
    }
    last = undefined;
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const state = STATES[f[0]!];
    const local = endpoint(f[3]!);
    const remote = endpoint(f[4]!);
    const recvQ = Number(f[1]);
    const sendQ = Number(f[2]);
    if (!state || !local || !remote || !Number.isFinite(recvQ) || !Number.isFinite(sendQ)) continue;
    last = { proto: 'tcp', state, local, remote, recvQ, sendQ, tokens: new Map() };
    sockets.push(last);
  }
  return sockets;
}

/** A connection's `tcp_info` in the protocol's words; undefined where ss printed none (TIME_WAIT, SYN_RECV). */
export function tcpInfoOf(s: SsTcpSocket): TcpInfo | undefined {
  const t = s.tokens;
  if (!t.has('cwnd')) return undefined;
  const [rtt, rttVar] = (t.get('rtt') ?? '').split('/').map(Number);
  let unsent = num(t, 'notsent');
  let unacked = Math.max(0, s.sendQ - unsent);
  // The FIN is queued behind unsent bytes (notsent counts it) or sent and unacknowledged (unacked does): not a byte.
  if (FIN_QUEUED.has(s.state)) {
    if (unsent > 0) unsent -= 1;
    else if (unacked > 0) unacked -= 1;
  }
  return {
    ...(rtt !== undefined && Number.isFinite(rtt) && rtt > 0 ? { rttMs: rtt } : {}),
    ...(rttVar !== undefined && Number.isFinite(rttVar) && rtt ? { rttVarMs: rttVar } : {}),
    cwnd: num(t, 'cwnd'),
    retransmits: retransmitsOf(t).segments,
    bytesAcked: num(t, 'bytes_acked'),
    bytesReceived: num(t, 'bytes_received'),
    segsIn: num(t, 'segs_in'),
    segsOut: num(t, 'segs_out'),
    unsent,
    unacked,
  };
}

/** Past this many ports the filter is dropped (the kernel's filter bytecode is bounded) and JS picks the sockets. */
const MAX_FILTER_PORTS = 64;

/** The `ss` arguments for the connected TCP sockets with one of these local ports (every one without ports). */
export function ssArgs(localPorts: Iterable<number>): string[] {
  const ports = [...new Set(localPorts)];
  const args = ['-tinH', 'state', 'connected'];
  if (ports.length > 0 && ports.length <= MAX_FILTER_PORTS)
    args.push(`( ${ports.map((p) => `sport = :${p}`).join(' or ')} )`);
  return args;
}

let ssWorks: boolean | undefined;

/** True when `ss` (iproute2) runs here and prints TCP info: the `tcpInfo` capability. Checked once. */
export function ssAvailable(): boolean {
  if (ssWorks === undefined) {
    const r = spawnSync('ss', ['-tinH', 'state', 'connected', '( sport = :1 )'], { encoding: 'utf8', timeout: 2000 });
    ssWorks = r.status === 0;
  }
  return ssWorks;
}

/**
 * Runs `ss -tinH` synchronously for the connected TCP sockets on these local
 * ports: the caller reads the socket table right after, in the same step, so
 * nothing of the sessions runs in between. Empty when ss fails.
 */
export function readSsTcpSync(localPorts: Iterable<number>): { sockets: SsTcpSocket[]; ms: number } {
  const before = performance.now();
  const r = spawnSync('ss', ssArgs(localPorts), { encoding: 'utf8', timeout: 2000, maxBuffer: 8 * 1024 * 1024 });
  const ms = performance.now() - before;
  return { sockets: r.status === 0 ? parseSsTcp(r.stdout) : [], ms };
}
