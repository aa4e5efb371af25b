import { lookup } from 'node:dns/promises';

/** One address a name resolves to, as getaddrinfo() returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * `getaddrinfo()` for a name: every address of both families, in the order the
 * system resolver gives them (`verbatim`, so /etc/gai.conf decides, as it would
 * for a C program). Errors are Node's own (`code` ENOTFOUND, EAI_AGAIN, …),
 * passed through unchanged so the errno name reaches the student.
 */
export async function lookupAll(host: string): Promise<ResolvedAddress[]> {
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
