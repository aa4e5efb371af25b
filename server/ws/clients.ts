/**
 * Who is a "client", for the per-client caps: the remote address of the TCP
 * connection. Every loopback address is one client (the machine itself), an
 * IPv4-mapped address is its IPv4 address, and IPv6 counts by /64 — one
 * machine on a LAN can pick any address of its /64 (privacy addresses), so
 * counting single addresses would not cap anything.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { Limits } from '../../shared/limits';

export function clientKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  let a = remoteAddress.toLowerCase();
  if (a.startsWith('::ffff:') && isIPv4(a.slice(7))) a = a.slice(7);
  if (isIPv4(a)) return a.startsWith('127.') ? 'loopback' : a;
  if (!isIPv6(a)) return a;
  if (a === '::1') return 'loopback';
  return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(a: string): string[] {
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0'));
}

/**
 * maxUpgradesPerSecondPerClient: a token bucket per client (that many, refilled
 * continuously). Buckets that have refilled are forgotten, so the table holds
 * only clients active in the last second or so.
 */
export class UpgradeRate {
  private readonly buckets = new Map<string, { tokens: number; last: number }>();
  constructor(
    private readonly limits: Limits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one upgrade for `client`; false when its bucket is empty. */
  take(client: string): boolean {
    const rate = this.limits.maxUpgradesPerSecondPerClient;
    const now = this.now();
    if (this.buckets.size > 10_000) this.prune(now, rate);
    const b = this.buckets.get(client) ?? { tokens: rate, last: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.last) / 1000) * rate);
    b.last = now;
    this.buckets.set(client, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private prune(now: number, rate: number): void {
    for (const [k, b] of this.buckets) if (b.tokens + ((now - b.last) / 1000) * rate >= rate) this.buckets.delete(k);
  }
}
