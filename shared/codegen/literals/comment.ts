/**
 * Text inside comments of generated programs (titles, notes, errno names).
 * A comment must end where the generator ends it: no line end of any
 * language (\n, \r, U+2028/9), no star-slash or slash-star, no backslash (a C
 * line comment continues on the next line after one; Java reads a
 * backslash-u escape as a line end even in a comment), no `??` (trigraphs),
 * and nothing invisible.
 */
import { isPlainChar, textUnits } from './chars';

/** One line of comment text, at most `max` characters, safe in C, Python, JavaScript and Java comments. */
export function commentText(text: string, max = 200): string {
  const flat = textUnits(text)
    .map(({ cp }) => (cp === null || !isPlainChar(cp) ? ' ' : cp === 0x5c ? '/' : String.fromCodePoint(cp)))
    .join('');
  let safe = flat;
  for (let before = ''; before !== safe; ) {
    before = safe;
    safe = safe.replace(/\*\//g, '* /').replace(/\/\*/g, '/ *').replace(/\?\?/g, '? ?');
  }
  const chars = [...safe];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : safe;
}
