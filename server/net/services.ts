/**
 * `getservbyname()`: a service name → its well-known port ("the extension"), from
 * /etc/services, with a built-in table of common services for machines whose
 * file is missing or does not list the name. Like getservbyname(), a number is
 * not a service name: `lookupService('80', 'tcp')` is undefined.
 */
import { readFileSync } from 'node:fs';

export type ServiceProto = 'tcp' | 'udp';
export interface ServiceEntry {
  port: number;
  source: 'etc-services' | 'builtin';
}
export type ServiceDirectory = (name: string, proto: ServiceProto) => ServiceEntry | undefined;

/** Common services, as IANA lists them; [name, port, protocols, aliases]. */
const BUILTIN: [string, number, ServiceProto[], string[]?][] = [
  ['echo', 7, ['tcp', 'udp']],
  ['discard', 9, ['tcp', 'udp'], ['sink', 'null']],
  ['daytime', 13, ['tcp', 'udp']],
  ['qotd', 17, ['tcp', 'udp'], ['quote']],
  ['chargen', 19, ['tcp', 'udp'], ['ttytst', 'source']],
  ['ftp-data', 20, ['tcp']],
  ['ftp', 21, ['tcp']],
  ['ssh', 22, ['tcp']],
  ['telnet', 23, ['tcp']],
  ['smtp', 25, ['tcp'], ['mail']],
  ['time', 37, ['tcp', 'udp'], ['timserver']],
  ['domain', 53, ['tcp', 'udp'], ['dns']],
  ['tftp', 69, ['udp']],
  ['gopher', 70, ['tcp']],
  ['finger', 79, ['tcp']],
  ['http', 80, ['tcp', 'udp'], ['www']],
  ['pop3', 110, ['tcp'], ['pop-3']],
  ['nntp', 119, ['tcp'], ['readnews', 'untp']],
  ['ntp', 123, ['udp', 'tcp']],
  ['imap', 143, ['tcp'], ['imap2']],
  ['snmp', 161, ['udp', 'tcp']],
  ['ldap', 389, ['tcp', 'udp']],
  ['https', 443, ['tcp', 'udp']],
  ['syslog', 514, ['udp']],
  ['submission', 587, ['tcp']],
  ['imaps', 993, ['tcp']],
  ['pop3s', 995, ['tcp']],
  ['mysql', 3306, ['tcp']],
  ['postgresql', 5432, ['tcp'], ['postgres']],
  ['http-alt', 8080, ['tcp'], ['webcache']],
];

type Table = Map<string, number>;
const key = (name: string, proto: ServiceProto) => `${name.toLowerCase()}/${proto}`;

function builtinTable(): Table {
  const table: Table = new Map();
  for (const [name, port, protos, aliases = []] of BUILTIN) {
    for (const proto of protos) for (const n of [name, ...aliases]) table.set(key(n, proto), port);
  }
  return table;
}

/**
 * Parses the services(5) format: `name port/proto [aliases…] [# comment]`.
 * Malformed lines are skipped, as glibc does; the first entry for a name wins.
 */
export function parseServices(text: string): Table {
  const table: Table = new Map();
  for (const raw of text.split('\n')) {
    const [name, portProto, ...aliases] = raw.replace(/#.*/, '').trim().split(/\s+/);
    const match = /^(\d{1,5})\/(tcp|udp)$/i.exec(portProto ?? '');
    if (!name || !match) continue;
    const port = Number(match[1]);
    const proto = match[2]!.toLowerCase() as ServiceProto;
    if (port > 65535) continue;
    for (const n of [name, ...aliases]) if (!table.has(key(n, proto))) table.set(key(n, proto), port);
  }
  return table;
}

/** A directory reading `path` once, on first use; a missing or unreadable file means the built-in table only. */
export function createServiceDirectory(path = '/etc/services'): ServiceDirectory {
  let file: Table | undefined;
  const builtin = builtinTable();
  return (name, proto) => {
    if (!file) {
      try {
        file = parseServices(readFileSync(path, 'utf8'));
      } catch {
        file = new Map();
      }
    }
    const fromFile = file.get(key(name, proto));
    if (fromFile !== undefined) return { port: fromFile, source: 'etc-services' };
    const fromTable = builtin.get(key(name, proto));
    return fromTable === undefined ? undefined : { port: fromTable, source: 'builtin' };
  };
}

const system = createServiceDirectory();

/** getservbyname(name, proto) against /etc/services, then the built-in table. */
export function lookupService(name: string, proto: ServiceProto): ServiceEntry | undefined {
  return system(name.trim(), proto);
}
