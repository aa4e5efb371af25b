/**
 * Python literals. `b"…"` for bytes that are ASCII text, `"…".encode()` for
 * UTF-8 text with visible non-ASCII characters, `bytes.fromhex(…)` otherwise;
 * `"…"` for str. Escapes: `\\`, `\"`, `\n`, `\r`, `\t`, then `\xNN`,
 * `\uNNNN`, `\UNNNNNNNN` (fixed width: nothing after them is absorbed).
 */
import { toHex } from '../bytes';
import { isPlainChar, textUnits, utf8Units, type Unit } from './chars';

const NAMED: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };

function strBody(units: readonly Unit[]): string {
  return units
    .map(({ cp }) => {
      if (cp === null) return '\\ufffd';
      if (NAMED[cp]) return NAMED[cp];
      if (isPlainChar(cp)) return String.fromCodePoint(cp);
      if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
      if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
      return `\\U${cp.toString(16).padStart(8, '0')}`;
    })
    .join('');
}

/** A Python str literal. */
export const pyStr = (text: string): string => `"${strBody(textUnits(text))}"`;

/** A Python expression for exactly these bytes. */
export function pyBytes(bytes: Uint8Array): string {
  const units = utf8Units(bytes);
  if (units.every((u) => u.cp !== null && u.cp < 0x80 && (isPlainChar(u.cp) || NAMED[u.cp])))
    return `b"${strBody(units)}"`;
  if (units.every((u) => u.cp !== null && (isPlainChar(u.cp) || NAMED[u.cp])))
    return `${pyStr(units.map((u) => String.fromCodePoint(u.cp!)).join(''))}.encode()`;
  return `bytes.fromhex("${toHex(bytes)}")`;
}
