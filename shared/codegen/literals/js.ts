/**
 * JavaScript string literals. Like JSON.stringify, plus: U+2028 and U+2029
 * (line ends in older JavaScript), bidi controls and every other invisible
 * character become `\uNNNN`; a lone surrogate becomes `\uFFFD`.
 */
import { isReadableText, isPlainChar, textUnits, utf8Units } from './chars';
import { toHex } from '../bytes';

const NAMED: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };
const u4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;

/** A JavaScript string literal (double quotes). */
export function jsStr(text: string): string {
  const body = textUnits(text)
    .map(({ cp }) => {
      if (cp === null) return '\\ufffd';
      if (NAMED[cp]) return NAMED[cp];
      if (isPlainChar(cp)) return String.fromCodePoint(cp);
      return cp <= 0xffff ? u4(cp) : u4(0xd800 + ((cp - 0x10000) >> 10)) + u4(0xdc00 + ((cp - 0x10000) & 0x3ff));
    })
    .join('');
  return `"${body}"`;
}

/** A Node.js Buffer of exactly these bytes. */
export function jsBuffer(bytes: Uint8Array): string {
  if (isReadableText(bytes))
    return `Buffer.from(${jsStr(
      utf8Units(bytes)
        .map((u) => String.fromCodePoint(u.cp!))
        .join(''),
    )})`;
  return `Buffer.from("${toHex(bytes)}", "hex")`;
}
