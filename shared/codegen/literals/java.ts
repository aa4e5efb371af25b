/**
 * Java string literals, ASCII only. Java turns `\uNNNN` into its character
 * before it reads the source, even inside a string: `\u0022` would end the
 * literal and `\u000a` the line. So `"`, `\`, CR and LF are written with their
 * own escapes, other controls as octal (`\000`–`\037`), and only characters
 * from U+007F up as `\uNNNN`.
 */
import { isPlainChar, isReadableText, textUnits, utf8Units } from './chars';

const NAMED: Record<number, string> = { 10: '\\n', 13: '\\r', 9: '\\t', 34: '\\"', 92: '\\\\' };
const u4 = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;

/** A Java string literal. */
export function javaStr(text: string): string {
  const body = textUnits(text)
    .map(({ cp }) => {
      if (cp === null) return '\\ufffd';
      if (NAMED[cp]) return NAMED[cp];
      if (cp < 0x20) return `\\${cp.toString(8).padStart(3, '0')}`;
      if (cp < 0x7f && isPlainChar(cp)) return String.fromCodePoint(cp);
      return cp <= 0xffff ? u4(cp) : u4(0xd800 + ((cp - 0x10000) >> 10)) + u4(0xdc00 + ((cp - 0x10000) & 0x3ff));
    })
    .join('');
  return `"${body}"`;
}

/** A Java expression for a byte[] of exactly these bytes. */
export function javaBytes(bytes: Uint8Array): string {
  if (isReadableText(bytes))
    return `${javaStr(
      utf8Units(bytes)
        .map((u) => String.fromCodePoint(u.cp!))
        .join(''),
    )}.getBytes(StandardCharsets.UTF_8)`;
  return `new byte[] { ${[...bytes].map((b) => (b > 127 ? `(byte) 0x${b.toString(16)}` : String(b))).join(', ')} }`;
}
