import type { StreamDir, StreamPart } from './streamModel';

const NAMED: Record<string, string> = { '\0': '\\0', '\r': '\\r', '\x1b': '\\e', '\x7f': '\\x7f' };
/** A control character (other than tab and newline) written as a C escape: \r, \0, \x01… */
export const controlEscape = (c: string) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Splits decoded text into plain runs and control characters (shown as escapes, so no byte is silently hidden). */
export function visibleText(s: string): TextPiece[] {
  const out: TextPiece[] = [];
  let last = 0;
  for (const m of s.matchAll(CONTROL)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index) });
    out.push({ control: controlEscape(m[0]) });
    last = m.index + 1;
  }
  if (last < s.length) out.push({ text: s.slice(last) });
  return out;
}

/** A part's text: known runs decoded as UTF-8, gaps as their byte count. */
export type TextPiece = { text: string } | { control: string } | { missing: number };

/**
 * Decodes the parts of a transcript as UTF-8, one stream per direction, so a
 * character whose bytes two send()s split is still one character (at the end
 * of the part that completes it). Invalid bytes become U+FFFD, as in browsers
 * (the hex view shows them exactly).
 */
export function decodeParts(parts: readonly StreamPart[]): Map<string, TextPiece[]> {
  const decoders: Record<StreamDir, TextDecoder> = { out: new TextDecoder(), in: new TextDecoder() };
  const out = new Map<string, TextPiece[]>();
  for (const p of parts) {
    const d = decoders[p.dir];
    const pieces: TextPiece[] = [];
    for (const piece of p.pieces) {
      if ('missing' in piece) {
        const rest = d.decode();
        if (rest) pieces.push(...visibleText(rest));
        pieces.push({ missing: piece.missing });
      } else pieces.push(...visibleText(d.decode(piece.bytes, { stream: true })));
    }
    // A part cut by the bound ends its stream here: what follows is not shown.
    if (p.cut > 0) {
      const rest = d.decode();
      if (rest) pieces.push(...visibleText(rest));
    }
    out.set(p.key, pieces);
  }
  return out;
}
