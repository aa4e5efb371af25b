/**
 * The `--allow` / `ALLO_ALLOW` entries: what a teacher opts into beyond loopback.
 * Each entry is a CIDR (`10.0.0.0/8`, `fd00::/8`), a single IP (`192.168.1.20`),
 * or a host name (`printer.lan`: that name may be dialled, to whatever it
 * resolves to). Nothing is allowed by a pattern or a wildcard name.
 */
import { AddressSet, canonicalAddress, type CanonicalAddress } from './addresses';

export interface AllowList {
  /** The entries as given, trimmed, for `welcome`. */
  entries: string[];
  contains(address: CanonicalAddress): boolean;
  /** True when the host name as typed is one of the allowed names. */
  allowsName(host: string): boolean;
}

/** Names compare case-insensitively, with or without the root's trailing dot. */
export function normaliseName(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Spellings inet_aton() reads as a number (127.1, 0x7f.1, 2130706433): not names, and not canonical IPs. */
const NUMERIC = /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*$/i;
const NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Parses the allow entries; a malformed one throws, so the server refuses to start with it. */
export function parseAllowList(raw: readonly string[]): AllowList {
  const entries = raw.map((e) => e.trim()).filter((e) => e !== '');
  const addresses = new AddressSet();
  const names = new Set<string>();
  for (const entry of entries) {
    const slash = entry.indexOf('/');
    const ip = canonicalAddress(slash < 0 ? entry : entry.slice(0, slash));
    if (ip) {
      const max = ip.family === 4 ? 32 : 128;
      const prefix = slash < 0 ? max : Number(entry.slice(slash + 1));
      if (!/^\d{1,3}$/.test(slash < 0 ? String(max) : entry.slice(slash + 1)) || prefix > max) {
        throw new Error(`--allow ${entry}: the prefix length must be a number from 0 to ${max}`);
      }
      addresses.addSubnet(ip.address, prefix, ip.family);
    } else if (slash < 0 && !NUMERIC.test(entry) && NAME.test(normaliseName(entry))) {
      names.add(normaliseName(entry));
    } else {
      throw new Error(`--allow ${entry}: expected a CIDR (10.0.0.0/8, fd00::/8), an IP address or a host name`);
    }
  }
  return {
    entries,
    contains: (address) => addresses.contains(address),
    allowsName: (host) => names.has(normaliseName(host)),
  };
}
