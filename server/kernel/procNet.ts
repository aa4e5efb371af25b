/**
 * Parser for the kernel's own socket tables, /proc/net/{tcp,tcp6,udp,udp6}
 * (the file `netstat` and `ss` read). Pure: text in, sockets out.
 *
 * Each line is `sl local rem st tx_queue:rx_queue …  uid timeout inode …`. The
 * kernel prints every address as 32-bit words with `%08X` of the word *in host
 * byte order*, so on a little-endian machine each word's bytes are reversed
 * relative to network order: 127.0.0.1 appears as `0100007F`.
 */
import { SocketAddress } from 'node:net';
import { endianness } from 'node:os';

export type KernelProto = 'tcp' | 'udp';

export interface KernelSocket {
  proto: KernelProto;
  family: 4 | 6;
  local: { address: string; port: number };
  remote: { address: string; port: number };
  /** TCP state name (ESTABLISHED, LISTEN, TIME_WAIT…); for UDP, UNCONN or ESTABLISHED (connected). */
  state: string;
  /**
   * Bytes the kernel holds: for a connected TCP socket, sent but not yet
   * acknowledged (tx) and received but not yet read by the program (rx). For a
   * LISTEN socket, rx is the number of connections waiting to be accepted and tx
   * the backlog size.
   */
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
  /**
   * Time left on the socket's active kernel timer, in ms (the `tm->when` field,
   * printed in USER_HZ ticks); for TIME_WAIT, how long until the 4-tuple is free.
   * Absent when no timer runs.
   */
  timerMs?: number;
}

/** USER_HZ, the clock tick /proc/net prints timers in: 100 on every Linux architecture Allô runs on. */
const USER_HZ = 100;

/**
 * States in which this side's FIN is queued or sent but not yet acknowledged.
 * The FIN takes one sequence number, so the kernel's tx_queue (write_seq -
 * snd_una) counts it as if it were a byte; it is not one.
 */
const FIN_UNACKED = new Set(['FIN_WAIT1', 'CLOSING', 'LAST_ACK']);

/** include/net/tcp_states.h */
const TCP_STATES: Record<number, string> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN_SENT',
  0x03: 'SYN_RECV',
  0x04: 'FIN_WAIT1',
  0x05: 'FIN_WAIT2',
  0x06: 'TIME_WAIT',
  0x07: 'CLOSE',
  0x08: 'CLOSE_WAIT',
  0x09: 'LAST_ACK',
  0x0a: 'LISTEN',
  0x0b: 'CLOSING',
  0x0c: 'NEW_SYN_RECV',
};

/** The state name as `ss` shows it: a UDP socket is ESTABLISHED once connected, else UNCONN. */
export function stateName(proto: KernelProto, code: number): string {
  if (proto === 'udp') return code === 0x01 ? 'ESTABLISHED' : 'UNCONN';
  return TCP_STATES[code] ?? `UNKNOWN_${code.toString(16).toUpperCase()}`;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** `0100007F` → 127.0.0.1; 32 hex digits → a canonical IPv6 literal (`::1`, `::ffff:127.0.0.1`). */
export function decodeAddress(hex: string, littleEndian = LITTLE_ENDIAN): string {
  const bytes = Buffer.from(hex, 'hex');
  if (littleEndian) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}

function endpoint(field: string, littleEndian: boolean): { address: string; port: number } | undefined {
  const [hex, port] = field.split(':');
  if (!hex || !port || (hex.length !== 8 && hex.length !== 32)) return undefined;
  return { address: decodeAddress(hex, littleEndian), port: parseInt(port, 16) };
}

/** Parses one /proc/net/{tcp,udp}[6] file; the header and malformed lines are skipped. */
export function parseProcNet(text: string, proto: KernelProto, littleEndian = LITTLE_ENDIAN): KernelSocket[] {
  const sockets: KernelSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (!f[0]?.endsWith(':') || f.length < 10) continue;
    const local = endpoint(f[1]!, littleEndian);
    const remote = endpoint(f[2]!, littleEndian);
    const [tx, rx] = f[4]!.split(':');
    const [timer, when] = f[5]!.split(':');
    if (!local || !remote || tx === undefined || rx === undefined) continue;
    const state = stateName(proto, parseInt(f[3]!, 16));
    const txRaw = parseInt(tx, 16);
    const timerMs = timer !== undefined && timer !== '00' && when ? (parseInt(when, 16) * 1000) / USER_HZ : undefined;
    sockets.push({
      proto,
      family: f[1]!.length > 13 ? 6 : 4,
      local,
      remote,
      state,
      txQueue: proto === 'tcp' && FIN_UNACKED.has(state) ? Math.max(0, txRaw - 1) : txRaw,
      rxQueue: parseInt(rx, 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
      ...(timerMs !== undefined && Number.isFinite(timerMs) ? { timerMs } : {}),
    });
  }
  return sockets;
}
