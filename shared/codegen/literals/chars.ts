/**
 * What the literal encoders share: bytes split into UTF-8 characters (or
 * stray bytes), and which characters may stand in a source file as
 * themselves. Everything else is written as an escape, so a program's text
 * shows exactly what it does: no bidi control, line separator or lone
 * surrogate can reorder, hide or end a line.
 */
import { utf8 } from '../bytes';

/** One character of a byte string: its code point, or null for a byte that is not valid UTF-8. */
export interface Unit {
  cp: number | null;
  bytes: number[];
}

/** Splits bytes into UTF-8 characters; invalid, overlong and surrogate sequences become single stray bytes. */
export function utf8Units(bytes: Uint8Array): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let cp: number | null = null;
    if (len === 1) cp = b;
    else if (len > 1 && i + len <= bytes.length) {
      let v = b & (0xff >> (len + 1));
      let ok = true;
      for (let k = 1; k < len; k++) {
        const c = bytes[i + k]!;
        if ((c & 0xc0) !== 0x80) ok = false;
        v = (v << 6) | (c & 0x3f);
      }
      const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
      if (ok && v >= min && v <= 0x10ffff && !(v >= 0xd800 && v <= 0xdfff)) cp = v;
    }
    const n = cp === null ? 1 : len;
    out.push({ cp, bytes: [...bytes.subarray(i, i + n)] });
    i += n;
  }
  return out;
}

/** The characters of a JS string; a lone surrogate is its own unit with cp null (no encoder can write it). */
export function textUnits(text: string): Unit[] {
  const out: Unit[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out.push(cp >= 0xd800 && cp <= 0xdfff ? { cp: null, bytes: [...utf8('\ufffd')] } : { cp, bytes: [...utf8(ch)] });
  }
  return out;
}

const VISIBLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const HIDDEN = /[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;

/** May this character stand as itself in a string literal? Printable ASCII and visible letters, digits, signs. */
export function isPlainChar(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa0) return false;
  const ch = String.fromCodePoint(cp);
  return VISIBLE.test(ch) && !HIDDEN.test(ch);
}

/** Are these bytes text that reads the same as it is written: valid UTF-8, no control other than \n \r \t? */
export function isReadableText(bytes: Uint8Array): boolean {
  return utf8Units(bytes).every(
    (u) => u.cp !== null && (isPlainChar(u.cp) || u.cp === 10 || u.cp === 13 || u.cp === 9),
  );
}
