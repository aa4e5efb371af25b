import { formatIpv4, formatIpv6 } from './address';
import { LINKTYPE } from './pcap';

/**
 * A small typed decoder for what loopback carries: link header (Ethernet,
 * BSD loopback, Linux cooked v1/v2, raw IP) → IPv4/IPv6 → TCP, UDP, ICMP,
 * ICMPv6. Pure; a short or malformed packet is a `DecodeError`, never a throw.
 */

export type DecodeError =
  | { kind: 'truncated'; layer: Layer; need: number; have: number }
  | { kind: 'unsupported'; layer: Layer; what: string };
export type Layer = 'link' | 'ipv4' | 'ipv6' | 'tcp' | 'udp' | 'icmp' | 'icmpv6';

export interface TcpOptions {
  mss?: number;
  wscale?: number;
  sackPermitted?: boolean;
  /** SACK blocks (left, right edges), raw sequence numbers. */
  sack?: [number, number][];
  timestamps?: { val: number; ecr: number };
}

export type TcpFlag = 'SYN' | 'ACK' | 'FIN' | 'RST' | 'PSH' | 'URG' | 'ECE' | 'CWR';
const FLAG_BITS: [TcpFlag, number][] = [
  ['SYN', 0x02],
  ['FIN', 0x01],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
  ['ECE', 0x40],
  ['CWR', 0x80],
];

export interface TcpHeader {
  proto: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlag[];
  /** The raw 16-bit window field (unscaled). */
  window: number;
  options: TcpOptions;
  /** Payload length from the IP length (the capture may hold fewer bytes). */
  payloadLength: number;
  /** The payload bytes captured (at most payloadLength). */
  payload: Uint8Array;
}

export interface UdpHeader {
  proto: 'udp';
  srcPort: number;
  dstPort: number;
  payloadLength: number;
  payload: Uint8Array;
}

/** The start of the packet an ICMP error is about (its IP header and first 8 bytes). */
export interface IcmpQuoted {
  family: 4 | 6;
  proto: 'tcp' | 'udp' | number;
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
}

export interface IcmpHeader {
  proto: 'icmp';
  version: 4 | 6;
  type: number;
  code: number;
  /** For destination unreachable, time exceeded, packet too big…: the packet it answers. */
  quoted?: IcmpQuoted;
}

export interface IpPacket {
  family: 4 | 6;
  src: string;
  dst: string;
  ttl: number;
  /** A fragment other than the first: no transport header to read. */
  fragment?: boolean;
  transport: TcpHeader | UdpHeader | IcmpHeader | { proto: 'other'; number: number };
}

export type Decoded = { ok: true; packet: IpPacket } | { ok: false; error: DecodeError };

const short = (layer: Layer, need: number, have: number): Decoded => ({
  ok: false,
  error: { kind: 'truncated', layer, need, have },
});
const unsupported = (layer: Layer, what: string): Decoded => ({
  ok: false,
  error: { kind: 'unsupported', layer, what },
});

/** Decodes one captured frame of the given pcap link type. */
export function decodePacket(linktype: number, frame: Uint8Array): Decoded {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let offset: number;
  let etherType: number | undefined;
  switch (linktype) {
    case LINKTYPE.EN10MB:
      if (frame.length < 14) return short('link', 14, frame.length);
      etherType = view.getUint16(12);
      offset = 14;
      // 802.1Q tags, in case a capture comes from a real interface.
      while ((etherType === 0x8100 || etherType === 0x88a8) && frame.length >= offset + 4) {
        etherType = view.getUint16(offset + 2);
        offset += 4;
      }
      break;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (frame.length < 4) return short('link', 4, frame.length);
      const family = linktype === LINKTYPE.LOOP ? view.getUint32(0, false) : hostFamily(view);
      etherType = family === 2 ? 0x0800 : family === 24 || family === 28 || family === 30 ? 0x86dd : undefined;
      offset = 4;
      break;
    }
    case LINKTYPE.LINUX_SLL:
      if (frame.length < 16) return short('link', 16, frame.length);
      etherType = view.getUint16(14);
      offset = 16;
      break;
    case LINKTYPE.LINUX_SLL2:
      if (frame.length < 20) return short('link', 20, frame.length);
      etherType = view.getUint16(0);
      offset = 20;
      break;
    case LINKTYPE.RAW:
    case 12:
      offset = 0;
      etherType = frame.length > 0 && (frame[0] ?? 0) >> 4 === 6 ? 0x86dd : 0x0800;
      break;
    default:
      return unsupported('link', `link type ${linktype}`);
  }
  if (etherType === 0x0800) return decodeIpv4(frame, offset);
  if (etherType === 0x86dd) return decodeIpv6(frame, offset);
  return unsupported('link', `ethertype 0x${(etherType ?? 0).toString(16)}`);
}

/** BSD NULL link: the address family in the capturing host's byte order; guess it from the value. */
function hostFamily(view: DataView): number {
  const le = view.getUint32(0, true);
  return le < 0x10000 ? le : view.getUint32(0, false);
}

function decodeIpv4(b: Uint8Array, at: number): Decoded {
  if (b.length < at + 20) return short('ipv4', at + 20, b.length);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = (b[at] ?? 0) >> 4;
  if (version !== 4) return unsupported('ipv4', `version ${version}`);
  const ihl = ((b[at] ?? 0) & 0x0f) * 4;
  if (ihl < 20) return unsupported('ipv4', `header length ${ihl}`);
  if (b.length < at + ihl) return short('ipv4', at + ihl, b.length);
  const total = view.getUint16(at + 2);
  const fragOffset = view.getUint16(at + 6) & 0x1fff;
  const protocol = b[at + 9] ?? 0;
  const base = { family: 4 as const, src: formatIpv4(b, at + 12), dst: formatIpv4(b, at + 16), ttl: b[at + 8] ?? 0 };
  if (fragOffset !== 0)
    return { ok: true, packet: { ...base, fragment: true, transport: { proto: 'other', number: protocol } } };
  const transport = decodeTransport(b, at + ihl, Math.max(0, total - ihl), protocol, 4);
  if ('ok' in transport) return transport;
  return { ok: true, packet: { ...base, transport } };
}

const IPV6_EXTENSIONS = new Set([0, 43, 60]);

function decodeIpv6(b: Uint8Array, at: number): Decoded {
  if (b.length < at + 40) return short('ipv6', at + 40, b.length);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = (b[at] ?? 0) >> 4;
  if (version !== 6) return unsupported('ipv6', `version ${version}`);
  let remaining = view.getUint16(at + 4);
  let next = b[at + 6] ?? 0;
  const base = { family: 6 as const, src: formatIpv6(b, at + 8), dst: formatIpv6(b, at + 24), ttl: b[at + 7] ?? 0 };
  let pos = at + 40;
  // Hop-by-hop, routing and destination options: skip them to the transport header.
  for (let hops = 0; hops < 8 && (IPV6_EXTENSIONS.has(next) || next === 44); hops++) {
    if (b.length < pos + 8) return short('ipv6', pos + 8, b.length);
    if (next === 44) {
      const fragOffset = view.getUint16(pos + 2) >> 3;
      const inner = b[pos] ?? 0;
      pos += 8;
      remaining -= 8;
      if (fragOffset !== 0)
        return { ok: true, packet: { ...base, fragment: true, transport: { proto: 'other', number: inner } } };
      next = inner;
      continue;
    }
    const len = ((b[pos + 1] ?? 0) + 1) * 8;
    next = b[pos] ?? 0;
    pos += len;
    remaining -= len;
  }
  const transport = decodeTransport(b, pos, Math.max(0, remaining), next, 6);
  if ('ok' in transport) return transport;
  return { ok: true, packet: { ...base, transport } };
}

function decodeTransport(
  b: Uint8Array,
  at: number,
  length: number,
  protocol: number,
  family: 4 | 6,
): IpPacket['transport'] | Extract<Decoded, { ok: false }> {
  const fail = (r: Decoded) => r as Extract<Decoded, { ok: false }>;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (protocol === 6) {
    if (b.length < at + 20) return fail(short('tcp', at + 20, b.length));
    const dataOffset = ((b[at + 12] ?? 0) >> 4) * 4;
    if (dataOffset < 20) return fail(unsupported('tcp', `data offset ${dataOffset}`));
    if (b.length < at + dataOffset) return fail(short('tcp', at + dataOffset, b.length));
    const bits = b[at + 13] ?? 0;
    const payloadLength = Math.max(0, length - dataOffset);
    return {
      proto: 'tcp',
      srcPort: view.getUint16(at),
      dstPort: view.getUint16(at + 2),
      seq: view.getUint32(at + 4),
      ack: view.getUint32(at + 8),
      flags: FLAG_BITS.filter(([, bit]) => bits & bit).map(([name]) => name),
      window: view.getUint16(at + 14),
      options: decodeTcpOptions(b, at + 20, at + dataOffset),
      payloadLength,
      payload: b.subarray(at + dataOffset, Math.min(b.length, at + dataOffset + payloadLength)),
    };
  }
  if (protocol === 17) {
    if (b.length < at + 8) return fail(short('udp', at + 8, b.length));
    const udpLength = view.getUint16(at + 4);
    const payloadLength = Math.max(0, Math.min(udpLength, length || udpLength) - 8);
    return {
      proto: 'udp',
      srcPort: view.getUint16(at),
      dstPort: view.getUint16(at + 2),
      payloadLength,
      payload: b.subarray(at + 8, Math.min(b.length, at + 8 + payloadLength)),
    };
  }
  if ((protocol === 1 && family === 4) || (protocol === 58 && family === 6)) {
    const layer = family === 4 ? 'icmp' : 'icmpv6';
    if (b.length < at + 8) return fail(short(layer, at + 8, b.length));
    const type = b[at] ?? 0;
    const code = b[at + 1] ?? 0;
    // Errors quote the offending packet after the 8-byte ICMP header.
    const isError = family === 4 ? type === 3 || type === 11 || type === 12 : type >= 1 && type <= 4;
    const quoted = isError ? decodeQuoted(b, at + 8, family) : undefined;
    return { proto: 'icmp', version: family, type, code, ...(quoted ? { quoted } : {}) };
  }
  return { proto: 'other', number: protocol };
}

function decodeQuoted(b: Uint8Array, at: number, family: 4 | 6): IcmpQuoted | undefined {
  // The quote holds only 8 bytes of the transport header: TCP's full header is not there, read the ports by hand.
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLen = family === 4 ? ((b[at] ?? 0) & 0x0f) * 4 : 40;
  const src = family === 4 ? formatIpv4(b, at + 12) : formatIpv6(b, at + 8);
  const dst = family === 4 ? formatIpv4(b, at + 16) : formatIpv6(b, at + 24);
  if (b.length < at + headerLen) return undefined;
  const protocol = family === 4 ? (b[at + 9] ?? 0) : (b[at + 6] ?? 0);
  const proto = protocol === 6 ? 'tcp' : protocol === 17 ? 'udp' : protocol;
  const ports =
    b.length >= at + headerLen + 4 && (proto === 'tcp' || proto === 'udp')
      ? { srcPort: view.getUint16(at + headerLen), dstPort: view.getUint16(at + headerLen + 2) }
      : {};
  return { family, proto, src, dst, ...ports };
}

function decodeTcpOptions(b: Uint8Array, from: number, to: number): TcpOptions {
  const options: TcpOptions = {};
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = from;
  while (pos < to) {
    const kind = b[pos] ?? 0;
    if (kind === 0) break; // end of options
    if (kind === 1) {
      pos++; // no-op padding
      continue;
    }
    const len = b[pos + 1] ?? 0;
    if (len < 2 || pos + len > to) break; // malformed: keep what was read
    if (kind === 2 && len === 4) options.mss = view.getUint16(pos + 2);
    else if (kind === 3 && len === 3) options.wscale = b[pos + 2] ?? 0;
    else if (kind === 4 && len === 2) options.sackPermitted = true;
    else if (kind === 5 && (len - 2) % 8 === 0) {
      options.sack = [];
      for (let p = pos + 2; p + 8 <= pos + len; p += 8) options.sack.push([view.getUint32(p), view.getUint32(p + 4)]);
    } else if (kind === 8 && len === 10)
      options.timestamps = { val: view.getUint32(pos + 2), ecr: view.getUint32(pos + 6) };
    pos += len;
  }
  return options;
}
