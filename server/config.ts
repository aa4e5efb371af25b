import { parseArgs } from 'node:util';
import { normaliseAllowedName } from './http/hostRule';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './log';
import { parseAllowPorts } from './policy/ports';
import { DEFAULT_LIMITS, checkLimit, checkLimitSet, isLimitName, type Limits } from '../shared/limits';

/** Everything the command line and environment can set. */
export interface AlloConfig {
  port: number;
  host: string;
  /** Extra targets (CIDRs, IPs, host names) beyond loopback: `--allow`, `ALLO_ALLOW`. */
  allow: string[];
  /** Loopback ports below 1024 that sessions may call: `--allow-port`, `ALLO_ALLOW_PORTS` (e.g. "22,53,80"). */
  allowPorts: string[];
  /** Serve the client through Vite's middleware (HMR) instead of dist/client. */
  dev: boolean;
  /** `--limit name=value` overrides of shared/limits.ts. */
  limits: Partial<Limits>;
  /** Host names the server answers to besides localhost and IP literals: `--allowed-host`, `ALLO_ALLOWED_HOSTS`. */
  allowedHosts: string[];
  /** `--log-level`, `ALLO_LOG_LEVEL`; default info. */
  logLevel: LogLevel;
  /** Packet capture of loopback (`--capture on|off`, env ALLO_CAPTURE; default on), docs/wire.md. */
  capture: { enabled: boolean };
  /** Class mode (`--class`, env ALLO_CLASS=1), docs/class.md; `addresses`: `--class-address` (default: the machine's). */
  class?: { addresses: string[] };
}

export const USAGE = `Usage: node --import tsx server/main.ts [options]
  --port N            port to listen on (env PORT; default 3000; 0 = any free port)
  --host H            address to listen on (env HOST; default localhost)
  --allow LIST        extra targets beyond loopback, comma-separated CIDRs/IPs/names
                      (env ALLO_ALLOW; repeatable). Nothing beyond loopback by default.
  --allow-port LIST   loopback ports below 1024 sessions may call, e.g. 22,53,80
                      (env ALLO_ALLOW_PORTS; repeatable). Any port from 1024 by default.
  --limit NAME=VALUE  override a named limit of shared/limits.ts (repeatable)
  --allowed-host LIST host names the page may be opened under besides localhost, *.localhost
                      and IP addresses, comma-separated (env ALLO_ALLOWED_HOSTS; repeatable);
                      .example.org allows every name under example.org. Against DNS rebinding,
                      any other name in the Host header gets 403.
  --log-level LEVEL   ${LOG_LEVELS.join(', ')} (env ALLO_LOG_LEVEL; default ${DEFAULT_LOG_LEVEL}):
                      info logs sessions, refusals and errors; debug adds connections and limits
  --dev               serve the client through Vite (hot reload)
  --capture on|off    capture the sessions' packets on loopback with tcpdump (env ALLO_CAPTURE;
                      default on; needs root or tcpdump with cap_net_raw, see docs/wire.md)
  --class             run a class (env ALLO_CLASS=1): also listen on this machine's network
                      addresses, print the student URL and the teacher link (docs/class.md)
  --class-address A   with --class, listen on A instead of the machine's addresses (repeatable)`;

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function parseOnOff(s: string, from: string): boolean {
  if (s === 'on' || s === '1' || s === 'true') return true;
  if (s === 'off' || s === '0' || s === 'false') return false;
  throw new Error(`${from}: "${s}" is not on or off`);
}

function parsePort(s: string, from: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${from}: "${s}" is not a port (0-65535)`);
  return n;
}

export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): AlloConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      allow: { type: 'string', multiple: true },
      limit: { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      'allow-port': { type: 'string', multiple: true },
      dev: { type: 'boolean', default: false },
      capture: { type: 'string' },
      class: { type: 'boolean', default: false },
      'class-address': { type: 'string', multiple: true },
    },
    strict: true,
  });
  const limits = parseLimitFlags(values.limit ?? []);
  const allowedHosts = [...splitList(env.ALLO_ALLOWED_HOSTS), ...(values['allowed-host'] ?? []).flatMap(splitList)];
  for (const name of allowedHosts) {
    if (normaliseAllowedName(name) === undefined) {
      throw new Error(`--allowed-host: "${name}" is not a host name (such as allo.lan or .class.example)`);
    }
  }
  const logLevel = values['log-level'] ?? (env.ALLO_LOG_LEVEL || DEFAULT_LOG_LEVEL);
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`--log-level: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    port: values.port !== undefined ? parsePort(values.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 3000,
    host: values.host ?? (env.HOST || 'localhost'),
    allow: [...splitList(env.ALLO_ALLOW), ...(values.allow ?? []).flatMap(splitList)],
    allowPorts: parseAllowPorts([
      ...splitList(env.ALLO_ALLOW_PORTS),
      ...(values['allow-port'] ?? []).flatMap(splitList),
    ]).map(String),
    dev: values.dev ?? false,
    limits,
    allowedHosts,
    logLevel: logLevel as LogLevel,
    capture: { enabled: parseOnOff(values.capture ?? env.ALLO_CAPTURE ?? 'on', '--capture') },
    ...(values.class || parseOnOff(env.ALLO_CLASS || 'off', 'ALLO_CLASS')
      ? { class: { addresses: (values['class-address'] ?? []).flatMap(splitList) } }
      : {}),
  };
}

/**
 * `--limit name=value` entries → overrides. An unknown name, a value that is not
 * a whole number, or one out of the limit's range is an error at start-up that
 * says which and why.
 */
export function parseLimitFlags(entries: readonly string[]): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    if (!isLimitName(name)) {
      throw new Error(`--limit: unknown limit "${name}"; known: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    const raw = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!/^\d+$/.test(raw)) {
      throw new Error(
        `--limit ${name}: "${raw}" is not a number (a whole number, e.g. --limit ${name}=${DEFAULT_LIMITS[name]})`,
      );
    }
    const value = Number(raw);
    const problem = checkLimit(name, value);
    if (problem) throw new Error(`--limit ${name}=${raw}: ${problem}`);
    limits[name] = value;
  }
  const problem = checkLimitSet({ ...DEFAULT_LIMITS, ...limits });
  if (problem) throw new Error(`--limit: ${problem}`);
  return limits;
}
