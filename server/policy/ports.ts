/**
 * Which ports of this machine a session may call (`--allow-port`, `ALLO_ALLOW_PORTS`).
 *
 * Loopback is where a teacher's own services listen — a database on 5432, an SSH
 * daemon on 22, a DNS cache on 53 — and a classroom server must not hand them to
 * every student. The rule: any unprivileged port (1024–65535) on loopback, which
 * includes every port a session can open itself (binds below 1024 are refused),
 * plus the ports the teacher names. Never the Allô server's own port: a session
 * that dials it would talk to Allô through Allô (a nested `welcome`, a loop).
 */
/** Binds below this port need root on Unix: the "well-known" services' numbers. */
export const MIN_BIND_PORT = 1024;

export interface PortPolicy {
  /** The extra ports, sorted, for `welcome`. */
  readonly allow: number[];
  /** Why this loopback port may not be called, or undefined. */
  loopbackReason(port: number): string | undefined;
}

/** Parses `--allow-port` entries (each a comma-separated list); a malformed one throws, so the server refuses to start. */
export function parseAllowPorts(raw: readonly string[]): number[] {
  const ports = new Set<number>();
  for (const entry of raw.flatMap((e) => e.split(','))) {
    const text = entry.trim();
    if (text === '') continue;
    const n = Number(text);
    if (!/^\d{1,5}$/.test(text) || n < 1 || n > 65535) {
      throw new Error(`--allow-port ${text}: expected a port number from 1 to 65535 (e.g. --allow-port 22,53,80)`);
    }
    ports.add(n);
  }
  return [...ports].sort((a, b) => a - b);
}

export function createPortPolicy(
  allowPorts: readonly string[] | readonly number[],
  serverPort: () => number,
): PortPolicy {
  const allow = parseAllowPorts(allowPorts.map(String));
  const extra = new Set(allow);
  return {
    allow,
    loopbackReason(port) {
      if (port === serverPort()) {
        return `Port ${port} on this machine is Allô's own port (the server this page talks to): a call there would loop back into Allô. Pick another port`;
      }
      if (port >= MIN_BIND_PORT || extra.has(port)) return undefined;
      return (
        `Port ${port} on this machine belongs to a system service (ports below ${MIN_BIND_PORT}): Allô only calls ` +
        `ports ${MIN_BIND_PORT}–65535 here, unless the server was started with --allow-port ${port}`
      );
    },
  };
}
