/**
 * What kind of address is this? Pure classification of IP literals, on the
 * canonical form only. Parsing is Node's (`isIP`, `SocketAddress`) and matching is
 * `net.BlockList`'s, which also matches an IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`) against IPv4 rules — so a mapped address is judged by the
 * IPv4 address it stands for, exactly as the kernel would route it.
 */
import { BlockList, SocketAddress, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export type IpFamily = 4 | 6;
const TYPE = { 4: 'ipv4', 6: 'ipv6' } as const;

/** An IP literal in the one spelling we compare and dial. */
export interface CanonicalAddress {
  address: string;
  family: IpFamily;
}

/**
 * The canonical spelling of an IP literal, or undefined when `text` is not one.
 * IPv4 is dotted-quad as Node's `isIP` accepts it (no `127.1`, no octal, no hex:
 * those are names for the resolver to turn into a literal). IPv6 comes back in
 * RFC 5952 form (`0:0:0:0:0:0:0:1` → `::1`, upper case → lower case); a zone
 * (`%eth0`) is dropped, because only link-local addresses use one and those are
 * never loopback.
 */
export function canonicalAddress(text: string): CanonicalAddress | undefined {
  const family = isIP(text);
  if (family !== 4 && family !== 6) return undefined;
  try {
    return { address: new SocketAddress({ address: text, family: TYPE[family] }).address, family };
  } catch {
    return undefined;
  }
}

/** A BlockList with `contains(address)` on canonical addresses. */
export class AddressSet {
  private readonly list = new BlockList();
  private empty = true;

  addSubnet(address: string, prefix: number, family: IpFamily): this {
    this.list.addSubnet(address, prefix, TYPE[family]);
    this.empty = false;
    return this;
  }

  addAddress(address: string, family: IpFamily): this {
    this.list.addAddress(address, TYPE[family]);
    this.empty = false;
    return this;
  }

  contains({ address, family }: CanonicalAddress): boolean {
    return !this.empty && this.list.check(address, TYPE[family]);
  }
}

/** 127.0.0.0/8 and ::1 — this machine, never the network. */
export const LOOPBACK = new AddressSet().addSubnet('127.0.0.0', 8, 4).addAddress('::1', 6);

/** "Any address" (0.0.0.0, ::): a bind wildcard, not a number to dial; Linux quietly treats it as this host. */
export const UNSPECIFIED = new AddressSet().addSubnet('0.0.0.0', 8, 4).addAddress('::', 6);

/** Group calls: 224.0.0.0/4 and ff00::/8. */
export const MULTICAST = new AddressSet().addSubnet('224.0.0.0', 4, 4).addSubnet('ff00::', 8, 6);

/**
 * The limited broadcast 255.255.255.255 (with the rest of 240.0.0.0/4, reserved
 * and unroutable), loopback's broadcast 127.255.255.255, plus the directed broadcast address of every IPv4 interface of
 * this machine, e.g. 192.168.1.255 on a /24.
 */
export function broadcastSet(directed: string[]): AddressSet {
  // 127.255.255.255 is loopback's own broadcast address (lo is 127.0.0.0/8): a
  // datagram there would be "to everyone on lo", so it is refused like the others.
  const set = new AddressSet().addSubnet('240.0.0.0', 4, 4).addAddress('127.255.255.255', 4);
  for (const address of directed) set.addAddress(address, 4);
  return set;
}

/** Directed broadcast addresses of this machine's IPv4 interfaces (address | ~netmask). */
export function localBroadcasts(): string[] {
  const found: string[] = [];
  for (const infos of Object.values(networkInterfaces())) {
    for (const info of infos ?? []) {
      if (info.family !== 'IPv4' || info.internal) continue;
      const address = toUint32(info.address);
      const mask = toUint32(info.netmask);
      // /31 and /32 have no broadcast address (RFC 3021).
      if (address === undefined || mask === undefined || ~mask >>> 0 < 3) continue;
      found.push(fromUint32((address | ~mask) >>> 0));
    }
  }
  return found;
}

function toUint32(dotted: string): number | undefined {
  if (isIP(dotted) !== 4) return undefined;
  return dotted.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

function fromUint32(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}
