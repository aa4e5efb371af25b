/**
 * The classic pcap file format (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
 * a 24-byte global header, then records of a 16-byte header and the captured
 * bytes. Pure (Uint8Array/DataView), so the server, the page and tests share it.
 */

/** Link types Allô meets on Linux loopback (`tcpdump -i lo` is Ethernet-framed; `-i any` is LINUX_SLL2). */
export const LINKTYPE = { NULL: 0, EN10MB: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

export interface PcapHeader {
  littleEndian: boolean;
  /** Timestamps in nanoseconds (magic a1b23c4d) rather than microseconds. */
  nano: boolean;
  snaplen: number;
  linktype: number;
}

export interface PcapRecord {
  /** Capture time, milliseconds since the Unix epoch (fractional). */
  timeMs: number;
  tsSec: number;
  /** Sub-second part in the file's unit (µs or ns). */
  tsFrac: number;
  /** Length of the packet on the wire; `data` may be shorter (snaplen). */
  origLen: number;
  data: Uint8Array;
}

export type PcapError = { kind: 'bad-magic'; magic: number } | { kind: 'bad-record'; inclLen: number; snaplen: number };

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;

/** Reads the global header; undefined while fewer than 24 bytes are there. */
export function readPcapHeader(bytes: Uint8Array): PcapHeader | PcapError | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  const littleEndian = le === MAGIC_US || le === MAGIC_NS;
  if (!littleEndian && be !== MAGIC_US && be !== MAGIC_NS) return { kind: 'bad-magic', magic: be };
  const magic = littleEndian ? le : be;
  return {
    littleEndian,
    nano: magic === MAGIC_NS,
    snaplen: view.getUint32(16, littleEndian),
    linktype: view.getUint32(20, littleEndian) & 0x0fffffff,
  };
}

/**
 * An incremental reader for a pcap byte stream (tcpdump -w - on a pipe):
 * push chunks as they come, get whole records back; a partial record waits
 * for the next chunk. A malformed stream gives an error, never a throw.
 */
export class PcapStreamReader {
  header: PcapHeader | undefined;
  private pending: Uint8Array = new Uint8Array(0);
  private failed: PcapError | undefined;

  /** Records completed by this chunk, or the error that stops the stream. */
  push(chunk: Uint8Array): { records: PcapRecord[]; error?: PcapError } {
    if (this.failed) return { records: [], error: this.failed };
    this.pending = concat(this.pending, chunk);
    let pos = 0;
    if (!this.header) {
      const h = readPcapHeader(this.pending);
      if (!h) return { records: [] };
      if ('kind' in h) {
        this.failed = h;
        return { records: [], error: h };
      }
      this.header = h;
      pos = 24;
    }
    const { littleEndian, nano, snaplen } = this.header;
    const view = new DataView(this.pending.buffer, this.pending.byteOffset, this.pending.byteLength);
    const records: PcapRecord[] = [];
    while (this.pending.length - pos >= 16) {
      const tsSec = view.getUint32(pos, littleEndian);
      const tsFrac = view.getUint32(pos + 4, littleEndian);
      const inclLen = view.getUint32(pos + 8, littleEndian);
      const origLen = view.getUint32(pos + 12, littleEndian);
      // A record bigger than the snaplen (with slack for odd writers) means the stream lost its framing.
      if (inclLen > Math.max(snaplen, 262144)) {
        this.failed = { kind: 'bad-record', inclLen, snaplen };
        return { records, error: this.failed };
      }
      if (this.pending.length - pos - 16 < inclLen) break;
      const data = this.pending.slice(pos + 16, pos + 16 + inclLen);
      const timeMs = tsSec * 1000 + (nano ? tsFrac / 1e6 : tsFrac / 1e3);
      records.push({ timeMs, tsSec, tsFrac: nano ? Math.floor(tsFrac / 1000) : tsFrac, origLen, data });
      pos += 16 + inclLen;
    }
    this.pending = this.pending.slice(pos);
    return { records };
  }
}

/** Reads a whole pcap file. */
export function readPcapFile(bytes: Uint8Array): { header: PcapHeader; records: PcapRecord[] } | PcapError {
  const reader = new PcapStreamReader();
  const { records, error } = reader.push(bytes);
  if (error) return error;
  if (!reader.header) return { kind: 'bad-magic', magic: 0 };
  return { header: reader.header, records };
}

/** A microsecond pcap file (little-endian), as tcpdump -r and Wireshark read it. */
export function writePcapFile(
  linktype: number,
  snaplen: number,
  records: readonly Pick<PcapRecord, 'tsSec' | 'tsFrac' | 'origLen' | 'data'>[],
): Uint8Array {
  let size = 24;
  for (const r of records) size += 16 + r.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC_US, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, snaplen, true);
  view.setUint32(20, linktype, true);
  let pos = 24;
  for (const r of records) {
    view.setUint32(pos, r.tsSec, true);
    view.setUint32(pos + 4, r.tsFrac, true);
    view.setUint32(pos + 8, r.data.length, true);
    view.setUint32(pos + 12, r.origLen, true);
    out.set(r.data, pos + 16);
    pos += 16 + r.data.length;
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
