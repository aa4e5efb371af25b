/**
 * What the kernel will refuse to do with a UDP datagram, said before it is sent:
 * one that cannot fit in an IP packet (EMSGSIZE), or one between an IPv6 socket
 * bound to ::1 and IPv4 loopback written as IPv6 (`::ffff:127.0.0.1`), which
 * the kernel answers with ENETUNREACH. Pure, on canonical addresses.
 */

/** Largest UDP payload: 65,535 minus the IPv4 header (20) and UDP header (8); IPv6's 40-byte header is outside its 65,535. */
export const UDP_MAX_PAYLOAD = { 4: 65_507, 6: 65_527 } as const;

/** `::ffff:a.b.c.d`: an IPv4 address on an IPv6 socket; the datagram leaves as IPv4. */
export function isMapped(address: string): boolean {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.');
}

/** The payload limit of a datagram to `address`: an IPv4 (or mapped) destination travels in IPv4. */
export function udpMaxPayload(address: string, family: 4 | 6): number {
  return family === 4 || isMapped(address) ? UDP_MAX_PAYLOAD[4] : UDP_MAX_PAYLOAD[6];
}

/** Why an IPv6 UDP socket with local address `local` cannot reach `target`, or undefined. */
export function crossFamilyReason(local: string, target: string): string | undefined {
  const fromV4 = isMapped(local);
  const toV4 = isMapped(target);
  if (fromV4 === toV4) return undefined;
  return fromV4
    ? `This IPv6 socket has the IPv4 number ${local} (IPv4 written as IPv6), so it can only reach IPv4 addresses; ${target} is a real IPv6 address. Use another socket for ${target}`
    : `This IPv6 socket has the number ${local}, an IPv6 address, so it cannot reach ${target}: that is IPv4 loopback written as IPv6 (the kernel says ENETUNREACH). Use an IPv4 socket and 127.0.0.1, or bind this socket to ::ffff:127.0.0.1 first`;
}
