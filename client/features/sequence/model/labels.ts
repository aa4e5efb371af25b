import type { Data } from '../../../../shared/protocol';
import { dataBytes } from '../../../lib/bytesView';

const decoder = new TextDecoder('utf-8', { fatal: false });
const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/**
 * The bytes [start, end) of a chunk whose first byte is at stream `offset`, as
 * a short label: text when the chunk was text, hex otherwise. Used to show which
 * part of a send() each recv() got when the kernel split or merged them.
 */
export function sliceLabel(data: Data, offset: number, start: number, end: number, max = 14): string {
  const bytes = dataBytes(data);
  const from = Math.max(0, start - offset);
  const to = Math.min(bytes.length, end - offset);
  const part = bytes.subarray(from, Math.max(from, to));
  const cut = to < end - offset; // beyond the preview the server kept
  let s =
    data.text !== undefined
      ? JSON.stringify(decoder.decode(part)).slice(1, -1).replace(/\\n/g, '⏎').replace(/\\"/g, '"')
      : Array.from(part.subarray(0, Math.ceil(max / 3)), hex2).join(' ');
  if (cut) s += '…';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** An arrow's label: the bytes it carries, with their count when they do not all fit (or were not kept). */
export function arrowLabel(data: Data, offset: number, start: number, end: number): string {
  const text = sliceLabel(data, offset, start, end);
  const n = end - start;
  if (text === '…' || text === '') return `(${n} B)`;
  return text.endsWith('…') ? `${text} (${n} B)` : text;
}
