/**
 * What a value read from a file (a recording, a lesson) may look like before
 * it reaches the page or a generated program: IP literals, host names, socket
 * ids, errno names, and text without the invisible characters that reorder or
 * hide what is displayed (bidi controls, as in "Trojan Source",
 * CVE-2021-42574) or that no UTF-8 encoder can write (lone surrogates).
 * Pure predicates, shared by the schemas and the code generators.
 */

/** A strict dotted-quad IPv4 address: four numbers 0–255, no leading zeros. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address in RFC 4291 text form (with `::` and an optional trailing IPv4), no zone, no brackets. */
export function isIPv6(s: string): boolean {
  if (s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...tail];
  let units = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (/^[0-9A-Fa-f]{1,4}$/.test(g)) units += 1;
    else if (i === all.length - 1 && isIPv4(g)) units += 2;
    else return false;
  }
  return halves.length === 2 ? units <= 7 : units === 8;
}

/** An IP literal of either family. */
export const isIpLiteral = (s: string): boolean => isIPv4(s) || isIPv6(s);

/** A DNS host name (RFC 1123 labels, `_` tolerated as resolvers do), at most 253 characters, an optional final dot. */
export function isHostName(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  return (
    name.length >= 1 &&
    name.length <= 253 &&
    name.split('.').every((l) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l))
  );
}

/** What a person may type as a host: an IP literal or a host name. */
export const isHost = (s: string): boolean => isIpLiteral(s) || isHostName(s);

/** A socket id as the server makes them: `s` and a number. */
export const SOCKET_ID_PATTERN = /^s\d{1,9}$/;

/** An errno or error code name: ECONNREFUSED, EADDRINUSE, ERR_SOCKET_CLOSED, LIMIT… */
export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;

/** A system call name: connect, recvmsg, getaddrinfo… */
export const SYSCALL_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

/** A service name as in /etc/services: http, domain, x11-ssh-offset… */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_+.-]{0,63}$/;

/**
 * Characters that are not seen but change what is: C0 and C1 controls, the
 * soft hyphen, bidi marks, embeddings, overrides and isolates, zero-width
 * characters, the line and paragraph separators (line ends for JavaScript),
 * the BOM and the interlinear annotation controls.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is matched
const HIDDEN =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is matched
const HIDDEN_BUT_LINES =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/;

/** Does the string hold a UTF-16 surrogate without its pair? */
export function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Why a text may not be shown as is, or null when it may. `lines`: newlines
 * and tabs are allowed (narrations); otherwise the text is one line (labels, titles).
 */
export function textProblem(s: string, lines = false): string | null {
  if (hasLoneSurrogate(s)) return 'contains a lone UTF-16 surrogate (not a character)';
  const m = (lines ? HIDDEN_BUT_LINES : HIDDEN).exec(s);
  if (m) {
    const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `contains the invisible control character U+${code}${lines ? '' : ' (one line of visible text only)'}`;
  }
  return null;
}

/** Is every character of the string visible (or a plain space)? */
export const isVisibleText = (s: string): boolean => textProblem(s) === null;
