/**
 * The kernel observer: what the kernel itself says about a socket — its TCP state
 * and the bytes waiting in its queues — read from /proc/net (Linux only). Where
 * that is not readable, `kernelTableReadable()` is false and the server simply
 * emits no `kernel` events.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseProcNet, type KernelProto, type KernelSocket } from './procNet';

export { parseProcNet, decodeAddress, stateName, type KernelSocket, type KernelProto } from './procNet';
export { parseSsTcp, readSsTcpSync, ssAvailable, tcpInfoOf, type SsTcpSocket } from './tcpInfo';

const FILES: [name: string, proto: KernelProto][] = [
  ['tcp', 'tcp'],
  ['tcp6', 'tcp'],
  ['udp', 'udp'],
  ['udp6', 'udp'],
];

/** True when this machine's kernel socket table can be read (the `kernel` capability). */
export function kernelTableReadable(root = '/proc/net'): boolean {
  try {
    accessSync(`${root}/tcp`, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every TCP and/or UDP socket of this network namespace, IPv4 and IPv6. A file
 * that cannot be read (no IPv6, no /proc) contributes nothing.
 */
export async function readKernelSockets(opts: { proto?: KernelProto; root?: string } = {}): Promise<KernelSocket[]> {
  const root = opts.root ?? '/proc/net';
  const files = FILES.filter(([, proto]) => opts.proto === undefined || proto === opts.proto);
  const tables = await Promise.all(
    files.map(([name, proto]) =>
      readFile(`${root}/${name}`, 'utf8').then(
        (text) => parseProcNet(text, proto),
        () => [],
      ),
    ),
  );
  return tables.flat();
}

/**
 * The same table read synchronously, with the moment it was read: nothing else
 * runs between the read and whatever the caller does with it, so events made
 * from it carry the time of the sample and cannot overtake (or be overtaken
 * by) the socket events around them. The files are small (a line per socket).
 */
export function readKernelSocketsSync(
  opts: {
    proto?: KernelProto;
    root?: string;
    /** Only these of tcp, tcp6, udp, udp6: reading a TCP table walks the kernel's whole hash (ms each). */
    tables?: readonly string[];
  } = {},
): {
  sockets: KernelSocket[];
  at: number;
} {
  const root = opts.root ?? '/proc/net';
  const files = FILES.filter(
    ([name, proto]) =>
      (opts.proto === undefined || proto === opts.proto) && (!opts.tables || opts.tables.includes(name)),
  );
  const before = performance.now();
  const texts = files.map(([name, proto]): [string, KernelProto] => {
    try {
      return [readFileSync(`${root}/${name}`, 'utf8'), proto];
    } catch {
      return ['', proto];
    }
  });
  // Each file is one consistent snapshot taken during its read: stamp the middle of the reads.
  const at = (before + performance.now()) / 2;
  return { sockets: texts.flatMap(([text, proto]) => parseProcNet(text, proto)), at };
}

export interface Address {
  address: string;
  port: number;
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same endpoint to the kernel's routing. */
const unmapped = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();
const same = (a: Address, b: Address) => a.port === b.port && unmapped(a.address) === unmapped(b.address);

/**
 * The kernel's entry for a socket, by its endpoints as Node reports them.
 * Without `remote`, only an entry with no peer matches (a listener or an
 * unconnected UDP socket), never one of the calls a listener accepted on the same
 * local port. With `proto`, a TCP and a UDP socket on the same port are told apart.
 */
export function findKernelSocket<T extends Pick<KernelSocket, 'proto' | 'local' | 'remote'>>(
  list: readonly T[],
  local: Address,
  remote?: Address,
  proto?: KernelProto,
): T | undefined {
  return list.find(
    (s) =>
      (proto === undefined || s.proto === proto) &&
      same(s.local, local) &&
      (remote === undefined ? s.remote.port === 0 : same(s.remote, remote)),
  );
}

/**
 * The same lookup as `findKernelSocket`, over a table indexed once: a sample of
 * a server with many sessions looks up thousands of sockets in a table of
 * thousands of lines, which a scan per socket makes quadratic. The first line
 * that matches wins, as with `findKernelSocket`.
 */
export function indexKernelSockets(list: readonly KernelSocket[]): {
  find(local: Address, remote: Address | undefined, proto: KernelProto): KernelSocket | undefined;
} {
  const key = (proto: KernelProto, local: Address, remote: Address | undefined) =>
    `${proto} ${unmapped(local.address)} ${local.port} ${remote ? `${unmapped(remote.address)} ${remote.port}` : '-'}`;
  const byKey = new Map<string, KernelSocket>();
  const add = (k: string, s: KernelSocket) => {
    if (!byKey.has(k)) byKey.set(k, s);
  };
  for (const s of list) {
    add(key(s.proto, s.local, s.remote), s);
    // No remote asked: any line whose remote port is 0 (a listener, an unconnected UDP socket).
    if (s.remote.port === 0) add(key(s.proto, s.local, undefined), s);
  }
  return { find: (local, remote, proto) => byKey.get(key(proto, local, remote)) };
}
