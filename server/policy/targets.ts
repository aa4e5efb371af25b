/**
 * Who may be called, and which numbers a socket may have: the pure target and
 * bind policy (docs/protocol.md, "Policy").
 *
 * Targets: a host is first turned into IP literals (an IP literal as itself, a
 * name through the resolver), EVERY resulting address is judged in its canonical
 * form, and the literal returned is the one the socket must dial — never the
 * name again, so an odd spelling (`127.1`, `0x7f.0.0.1`, `2130706433`, `0`) or a
 * name resolving elsewhere is judged by the address it really reaches. By
 * default only loopback passes (127.0.0.0/8, ::1); `--allow` opts more in.
 * Multicast, broadcast and "any address" (0.0.0.0, ::) are refused whatever
 * `--allow` says.
 *
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged by the IPv4 address it stands
 * for, since that is where the kernel sends it: `::ffff:127.0.0.1` is allowed
 * (a dual-stack IPv6 socket calling IPv4 loopback), `::ffff:10.0.0.1` is not.
 */
import type { ErrorBody, LookupFailedReason, PolicyDeniedReason } from '../../shared/protocol';
import { lookupAll, type ResolvedAddress } from '../net/lookup';
import { networkInterfaces } from 'node:os';
import {
  AddressSet,
  LOOPBACK,
  MULTICAST,
  UNSPECIFIED,
  broadcastSet,
  canonicalAddress,
  localBroadcasts,
  type CanonicalAddress,
  type IpFamily,
} from './addresses';
import { parseAllowList } from './allowList';
import { MIN_BIND_PORT, createPortPolicy } from './ports';

export { MIN_BIND_PORT };

export interface TargetPolicyOptions {
  /** `--allow` entries: CIDRs, IPs or host names. A malformed entry throws. */
  allow: string[];
  /** The Allô server's own listening port, refused for binds and as a target on this machine. */
  serverPort: () => number;
  /** `--allow-port` entries: loopback ports below 1024 a session may call (e.g. "22,53,80"). A malformed one throws. */
  allowPorts?: readonly string[];
  /** Name → addresses; defaults to getaddrinfo() through `lookupAll`. */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Directed broadcast addresses to refuse; defaults to those of this machine's interfaces. */
  broadcasts?: string[];
}

export type TargetCheck = { ok: true; address: string; family: IpFamily } | { ok: false; error: ErrorBody };
export type BindCheck = { ok: true; address: string } | { ok: false; error: ErrorBody };

export interface TargetPolicy {
  /**
   * `proto`: the caller's protocol, for rules that tell TCP and UDP apart (class mode's narrowing, server/class).
   * `onResolved` hears every address a NAME resolved to, once the call is allowed,
   * so the caller can show the lookup as its own step (a refused name is not
   * announced: its error says where it leads); an IP literal is not looked up.
   */
  checkTarget(
    host: string,
    port: number,
    family?: IpFamily,
    proto?: 'tcp' | 'udp',
    onResolved?: (addresses: ResolvedAddress[]) => void,
  ): Promise<TargetCheck>;
  checkBind(address: string | undefined, port: number, family: IpFamily): BindCheck;
  describe(): { allow: string[]; loopbackOnly: boolean; minPort: number; allowPorts: number[] };
}

const LOOPBACK_ONLY =
  'Allô only reaches this machine (loopback: 127.0.0.0/8, ::1) unless the server was started with --allow';
const deny = (message: string, reason: PolicyDeniedReason): { ok: false; error: ErrorBody } => ({
  ok: false,
  error: { code: 'POLICY_DENIED', message, reason },
});
const lookupFailed = (message: string, reason: LookupFailedReason): { ok: false; error: ErrorBody } => ({
  ok: false,
  error: { code: 'LOOKUP_FAILED', message, reason },
});
/** A refusal's sentence and its stable sub-code, decided together. */
type Why = { message: string; reason: PolicyDeniedReason };

export function createTargetPolicy(opts: TargetPolicyOptions): TargetPolicy {
  const allow = parseAllowList(opts.allow);
  const resolve = opts.resolve ?? lookupAll;
  const broadcast = broadcastSet(opts.broadcasts ?? localBroadcasts());
  const ports = createPortPolicy(opts.allowPorts ?? [], opts.serverPort);
  const own = ownAddresses();

  /** Why nobody may ever call this address, --allow or not. */
  function neverReason(ip: CanonicalAddress): Why | undefined {
    if (MULTICAST.contains(ip))
      return {
        message: `${ip.address} is a multicast address (a group call): Allô never calls multicast or broadcast addresses`,
        reason: 'multicast',
      };
    if (broadcast.contains(ip))
      return {
        message: `${ip.address} is a broadcast address (a call to everyone on the network): Allô never calls multicast or broadcast addresses`,
        reason: 'broadcast',
      };
    return undefined;
  }

  function targetReason(ip: CanonicalAddress, allowedName: boolean): Why | undefined {
    const never = neverReason(ip);
    if (never) return never;
    if (UNSPECIFIED.contains(ip)) {
      return {
        message: `${ip.address} means "any address": it is for binding, not a number you can dial — call 127.0.0.1 or ::1 to reach this machine`,
        reason: 'any-address',
      };
    }
    if (LOOPBACK.contains(ip) || allowedName || allow.contains(ip)) return undefined;
    return { message: `${ip.address} is not on this machine: ${LOOPBACK_ONLY}`, reason: 'not-loopback' };
  }

  /** Ports of this machine: loopback (and the server's own addresses, for its own port) follow the port policy. */
  function portReason(ip: CanonicalAddress, port: number): Why | undefined {
    const mine = LOOPBACK.contains(ip) || (port === opts.serverPort() && own.contains(ip));
    const message = mine ? ports.loopbackReason(port) : undefined;
    if (message === undefined) return undefined;
    return { message, reason: port === opts.serverPort() ? 'own-port' : 'privileged-port' };
  }

  async function addressesOf(host: string): Promise<CanonicalAddress[] | { ok: false; error: ErrorBody }> {
    const literal = canonicalAddress(host);
    if (literal) return [literal];
    let resolved: ResolvedAddress[];
    try {
      resolved = await resolve(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
      return lookupFailed(
        `"${host}" is not in the directory (${code}): the name does not resolve to any address`,
        'not-found',
      );
    }
    if (resolved.length === 0)
      return lookupFailed(`"${host}" is not in the directory: the name has no address`, 'no-address');
    const addresses: CanonicalAddress[] = [];
    for (const r of resolved) {
      const ip = canonicalAddress(r.address);
      if (!ip) return deny(`"${host}" resolved to "${r.address}", which is not an IP address`, 'not-ip');
      addresses.push(ip);
    }
    return addresses;
  }

  return {
    async checkTarget(host, port, family, _proto, onResolved) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        return deny(`Port ${port} cannot be dialled: a target port is a number from 1 to 65535`, 'bad-port');
      }
      const addresses = await addressesOf(host);
      if (!Array.isArray(addresses)) return addresses;
      const isName = canonicalAddress(host) === undefined;
      const allowedName = isName && allow.allowsName(host);
      // Every address first (a name half elsewhere is refused for where it leads), then the family, then the port.
      for (const ip of addresses) {
        const why = targetReason(ip, allowedName);
        if (why) return deny(isName ? `"${host}" resolves to ${ip.address}. ${why.message}` : why.message, why.reason);
      }
      const chosen = family === undefined ? addresses[0] : addresses.find((a) => a.family === family);
      if (!chosen) {
        const other = family === 6 ? 4 : 6;
        return lookupFailed(
          isName
            ? `"${host}" has no IPv${family} address, and this socket is IPv${family}`
            : `${host} is an IPv${other} address, but this socket is IPv${family}: call ${family === 6 ? '::1' : '127.0.0.1'} instead`,
          'family-mismatch',
        );
      }
      const why = portReason(chosen, port);
      if (why)
        return deny(isName ? `"${host}" resolves to ${chosen.address}. ${why.message}` : why.message, why.reason);
      if (isName) onResolved?.(addresses.map((a) => ({ address: a.address, family: a.family })));
      return { ok: true, address: chosen.address, family: chosen.family };
    },

    checkBind(address, port, family) {
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        return deny(`Port ${port} does not exist: a port is a number from 0 (any free port) to 65535`, 'bad-port');
      }
      if (port !== 0 && port < MIN_BIND_PORT) {
        return deny(
          `Port ${port} is below ${MIN_BIND_PORT}: those numbers are reserved for system services. Pick 0 (any free port) or a port from ${MIN_BIND_PORT} to 65535`,
          'privileged-port',
        );
      }
      if (port !== 0 && port === opts.serverPort()) {
        return deny(`Port ${port} is Allô's own port (the server this page talks to): pick another one`, 'own-port');
      }
      const loopback = family === 4 ? '127.0.0.1' : '::1';
      if (address === undefined || address.trim().toLowerCase() === 'localhost') return { ok: true, address: loopback };
      const ip = canonicalAddress(address);
      if (!ip) return deny(`Bind to an IP address such as ${loopback}, not to a name ("${address}")`, 'bind-name');
      if (ip.family !== family) {
        return deny(
          `${ip.address} is an IPv${ip.family} address, but this socket is IPv${family}: use ${loopback}`,
          'family-mismatch',
        );
      }
      const never = neverReason(ip);
      if (never) return deny(never.message.replace('never calls', 'never uses'), never.reason);
      if (LOOPBACK.contains(ip) || allow.contains(ip)) return { ok: true, address: ip.address };
      if (UNSPECIFIED.contains(ip)) {
        return deny(
          `${ip.address} means every network interface, so other machines could call in. Allô binds to loopback only (${loopback}) unless the server was started with --allow`,
          'any-address',
        );
      }
      return deny(
        `${ip.address} is not a loopback address: Allô only binds to this machine's loopback (127.0.0.0/8, ::1) unless the server was started with --allow`,
        'not-loopback',
      );
    },

    describe() {
      return {
        allow: [...allow.entries],
        loopbackOnly: allow.entries.length === 0,
        minPort: MIN_BIND_PORT,
        allowPorts: [...ports.allow],
      };
    },
  };
}

/** This machine's own interface addresses (a server started with --host on a LAN address listens there too). */
function ownAddresses(): AddressSet {
  const set = new AddressSet();
  for (const infos of Object.values(networkInterfaces())) {
    for (const info of infos ?? []) {
      const ip = canonicalAddress(info.address);
      if (ip) set.addAddress(ip.address, ip.family);
    }
  }
  return set;
}
