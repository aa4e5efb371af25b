/**
 * C string literals. Printable ASCII and visible non-ASCII characters stand
 * as themselves (the file is UTF-8, as gcc reads it); `"` and `\` are
 * escaped; every other byte is a three-digit octal escape, which can never
 * absorb a following digit (a hex escape would). A `?` after a `?` is
 * escaped so that no trigraph (`??/` is a backslash) can form.
 */
import { utf8 } from '../bytes';
import { isPlainChar, utf8Units } from './chars';

const NAMED: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };
const octal = (b: number) => `\\${b.toString(8).padStart(3, '0')}`;

/** A C string literal holding exactly these bytes. */
export function cBytes(bytes: Uint8Array): string {
  let out = '';
  let prev = '';
  for (const u of utf8Units(bytes)) {
    let piece: string;
    if (u.cp !== null && NAMED[u.cp]) piece = NAMED[u.cp]!;
    else if (u.cp === 0x3f) piece = prev === '?' ? '\\?' : '?';
    else if (u.cp !== null && isPlainChar(u.cp)) piece = String.fromCodePoint(u.cp);
    else piece = u.bytes.map(octal).join('');
    prev = u.cp === 0x3f && piece === '?' ? '?' : '';
    out += piece;
  }
  return `"${out}"`;
}

/** A C string literal of a text (UTF-8). */
export const cString = (text: string): string => cBytes(utf8(text));
