/**
 * French typography, applied to the page's own French texts (translations and
 * lesson texts) — never to bytes from the network or what a person typed.
 *
 * - a no-break space before « : » and a narrow no-break space before « ; ? ! »
 *   (Imprimerie nationale), so the sign never starts a line of its own;
 * - no-break spaces inside « guillemets »;
 * - the typographic apostrophe in an elision (l’appel, d’Allô): one apostrophe
 *   everywhere, whether a text was typed with ' or ’.
 *
 * A sign already glued to its word is left alone: `::1`, `127.0.0.1:5000`,
 * `recv()?` and `{{x}}:` in a template are not French punctuation.
 */
const NBSP = '\u00a0';
const NNBSP = '\u202f';

export function frenchTypography(s: string): string {
  return s
    .replace(/[ \t\u00a0\u202f]+:(?=\s|$|[»"')\]])/g, `${NBSP}:`)
    .replace(/[ \t\u00a0\u202f]+([;?!])(?=\s|$|[»"')\]?!.…])/g, `${NNBSP}$1`)
    .replace(/«[ \t\u00a0\u202f]*/g, `«${NBSP}`)
    .replace(/[ \t\u00a0\u202f]*»/g, `${NBSP}»`)
    .replace(/(\p{L})'(?=\p{L})/gu, '$1’');
}

/** A text in a language, typeset for it (French rules only apply to French). */
export const typeset = (s: string, lang: string): string => (lang === 'fr' ? frenchTypography(s) : s);

/** Every string of a translation file, typeset (keys untouched). */
export function typesetDeep<T>(value: T, lang: string): T {
  if (lang !== 'fr') return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return frenchTypography(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
