/**
 * The Host rule, against DNS rebinding: a page on any web site whose name the
 * attacker re-points at 127.0.0.1 becomes "same origin" with this server, so
 * the Origin check alone lets it in. What such a page cannot change is the name
 * its browser puts in the `Host` header — the attacker's own. So every HTTP
 * request and every WebSocket upgrade must name this server by a name on an
 * allow-list: `localhost` and `*.localhost` (RFC 6761: always loopback), the
 * configured `--host`, and names the person starting the server adds with
 * `--allowed-host` / `ALLO_ALLOWED_HOSTS` (a classroom name, a reverse proxy).
 *
 * IP literals (`127.0.0.1`, `[::1]`, a LAN address in class mode) are always
 * allowed, as Vite and webpack-dev-server do: rebinding needs a *name*; a
 * browser that sends `Host: 192.168.1.10` was pointed at that address itself,
 * so the page is this server's own.
 */
import { isIP } from 'node:net';

/** A Host header, parsed: a lower-case name without its trailing dot, or an IP literal. */
export type ParsedHost =
  | { kind: 'name'; name: string; port: number | undefined }
  | { kind: 'ip'; address: string; port: number | undefined };

export type HostVerdict =
  | { ok: true; host: ParsedHost }
  | { ok: false; reason: 'missing' | 'malformed' }
  | { ok: false; reason: 'not-allowed'; name: string };

/** One DNS label: letters, digits, hyphens and underscores (seen in real names), 1–63 characters. */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * Parses `uri-host [":" port]` (RFC 9110 §7.2) strictly: anything a browser would
 * not send (spaces, userinfo, several colons outside brackets, a port that is not
 * 0–65535, empty labels) is malformed rather than guessed at.
 */
export function parseHostHeader(raw: string): ParsedHost | undefined {
  const value = raw.trim().toLowerCase();
  if (!value || value.length > 260) return undefined;
  let hostPart: string;
  let portPart: string | undefined;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return undefined;
    hostPart = value.slice(1, end);
    const rest = value.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    portPart = rest ? rest.slice(1) : undefined;
    // Zone ids (fe80::1%eth0) have no place in a Host header.
    if (hostPart.includes('%') || isIP(hostPart) !== 6) return undefined;
  } else {
    const colon = value.indexOf(':');
    if (colon !== value.lastIndexOf(':')) return undefined; // a bare IPv6 address, or garbage
    hostPart = colon < 0 ? value : value.slice(0, colon);
    portPart = colon < 0 ? undefined : value.slice(colon + 1);
  }
  let port: number | undefined;
  if (portPart !== undefined) {
    if (!/^\d{1,5}$/.test(portPart)) return undefined;
    port = Number(portPart);
    if (port > 65535) return undefined;
  }
  if (isIP(hostPart)) return { kind: 'ip', address: hostPart, port };
  // `localhost.` is the same name as `localhost` (a fully qualified name); one dot only.
  const name = hostPart.endsWith('.') ? hostPart.slice(0, -1) : hostPart;
  if (!name || name.length > 253 || !name.split('.').every((l) => LABEL.test(l))) return undefined;
  // All-numeric names (`2130706433`, `127.1`) are IPv4 in other spellings to a browser, never a name to allow.
  if (/^[0-9.]+$/.test(name)) return undefined;
  return { kind: 'name', name, port };
}

/** Normalises an allow-list entry the way a Host header is parsed: `Class.Example.` → `class.example`. */
export function normaliseAllowedName(entry: string): string | undefined {
  const trimmed = entry.trim();
  if (isIP(trimmed)) return trimmed.toLowerCase();
  // `.example.org` allows example.org and every name under it.
  const sub = trimmed.startsWith('.');
  const parsed = parseHostHeader(sub ? trimmed.slice(1) : trimmed);
  if (!parsed || parsed.port !== undefined) return undefined;
  if (parsed.kind === 'ip') return parsed.address;
  return sub ? `.${parsed.name}` : parsed.name;
}

export interface HostRule {
  check(header: string | undefined): HostVerdict;
  /** The allowed names, for the log and docs (IP literals are always allowed). */
  readonly names: readonly string[];
}

/**
 * @param listenHost the configured `--host` (a name is allowed; an address is an IP literal anyway)
 * @param allowed names from `--allowed-host` / `ALLO_ALLOWED_HOSTS`; `.example.org` allows its subdomains
 */
export function createHostRule(listenHost: string, allowed: readonly string[]): HostRule {
  const names = new Set<string>(['localhost', '.localhost']);
  // A listen address (0.0.0.0, ::, 192.168.1.10) is an IP literal: allowed anyway.
  for (const entry of isIP(listenHost) ? allowed : [listenHost, ...allowed]) {
    const name = normaliseAllowedName(entry);
    if (name === undefined) throw new Error(`"${entry}" is not a host name (for --allowed-host)`);
    names.add(name);
  }
  const isAllowed = (name: string): boolean => {
    if (names.has(name)) return true;
    for (const n of names) if (n.startsWith('.') && (name === n.slice(1) || name.endsWith(n))) return true;
    return false;
  };
  return {
    names: [...names],
    check(header) {
      if (header === undefined || header === '') return { ok: false, reason: 'missing' };
      const host = parseHostHeader(header);
      if (!host) return { ok: false, reason: 'malformed' };
      if (host.kind === 'ip' || isAllowed(host.name)) return { ok: true, host };
      return { ok: false, reason: 'not-allowed', name: host.name };
    },
  };
}

/** The sentence a refused request gets (plain text): what happened and how to allow the name. */
export function hostRefusal(verdict: Extract<HostVerdict, { ok: false }>): string {
  switch (verdict.reason) {
    case 'missing':
      return 'Refused: the request has no Host header. Allô answers only requests that name it (localhost, an address, or a name allowed with --allowed-host).\n';
    case 'malformed':
      return 'Refused: the Host header is not a valid host name or address.\n';
    case 'not-allowed':
      return (
        `Refused: "${verdict.name}" is not one of the names this Allô server answers to ` +
        `(a protection against DNS rebinding). If you opened Allô under this name on purpose, ` +
        `start the server with --allowed-host ${verdict.name} (or ALLO_ALLOWED_HOSTS=${verdict.name}).\n`
      );
  }
}
