import type { Data } from '../../shared/protocol';

/** The bytes of an event's preview (base64 decoded). */
export function dataBytes(data: Data): Uint8Array {
  const bin = atob(data.base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/** One line for a log row: the text (newlines shown as ⏎), or hex pairs; cut at `max` characters. */
export function dataLine(data: Data, hex: boolean, max = 80): string {
  let s: string;
  if (hex || data.text === undefined) {
    const bytes = dataBytes(data).subarray(0, Math.ceil(max / 3));
    s = Array.from(bytes, hex2).join(' ');
  } else s = JSON.stringify(data.text).slice(1, -1).replace(/\\n/g, '⏎');
  return s.length > max ? `${s.slice(0, max - 1)}…` : data.truncated ? `${s}…` : s;
}

/**
 * A classic hex dump (offset, 16 bytes in hex, the same as ASCII), as in
 * Wireshark's bytes pane. `offset` is the stream offset of the first byte.
 */
export function hexDump(data: Data, offset = 0, maxBytes = 4096): string {
  return hexLines(dataBytes(data).subarray(0, maxBytes), offset);
}

/** The hex dump of raw bytes whose first byte is at stream `offset`. */
export function hexLines(bytes: Uint8Array, offset = 0): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const row = bytes.subarray(i, i + 16);
    const hex = Array.from(row, hex2).join(' ').padEnd(47, ' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${(offset + i).toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
  }
  return lines.join('\n');
}
