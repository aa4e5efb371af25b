import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, type Limits } from '../shared/limits';
import { normaliseAllowedName } from './http/hostRule';
import { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './log';

/** Everything the command line and environment can set. */
export interface AlloConfig {
  port: number;
  host: string;
  /** Extra targets (CIDRs, IPs, host names) beyond loopback: `--allow`, `ALLO_ALLOW`. */
  allow: string[];
  /** Serve the client through Vite's middleware (HMR) instead of dist/client. */
  dev: boolean;
  /** `--limit name=value` overrides of shared/limits.ts. */
  limits: Partial<Limits>;
  /** Host names the server answers to besides localhost and IP literals: `--allowed-host`, `ALLO_ALLOWED_HOSTS`. */
  allowedHosts: string[];
  /** `--log-level`, `ALLO_LOG_LEVEL`; default info. */
  logLevel: LogLevel;
}

export const USAGE = `Usage: node --import tsx server/main.ts [options]
  --port N            port to listen on (env PORT; default 3000; 0 = any free port)
  --host H            address to listen on (env HOST; default localhost)
  --allow LIST        extra targets beyond loopback, comma-separated CIDRs/IPs/names
                      (env ALLO_ALLOW; repeatable). Nothing beyond loopback by default.
  --limit NAME=VALUE  override a named limit of shared/limits.ts (repeatable)
  --allowed-host LIST host names the page may be opened under besides localhost, *.localhost
                      and IP addresses, comma-separated (env ALLO_ALLOWED_HOSTS; repeatable);
                      .example.org allows every name under example.org. Against DNS rebinding,
                      any other name in the Host header gets 403.
  --log-level LEVEL   ${LOG_LEVELS.join(', ')} (env ALLO_LOG_LEVEL; default ${DEFAULT_LOG_LEVEL}):
                      info logs sessions, refusals and errors; debug adds connections and limits
  --dev               serve the client through Vite (hot reload)`;

const splitList = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

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
      dev: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const limits: Partial<Limits> = {};
  for (const entry of values.limit ?? []) {
    const [name, value] = entry.split('=');
    if (!name || !(name in DEFAULT_LIMITS)) {
      throw new Error(`--limit: unknown limit "${name}"; known: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--limit ${name}: "${value}" is not a number`);
    limits[name as keyof Limits] = n;
  }
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
    dev: values.dev ?? false,
    limits,
    allowedHosts,
    logLevel: logLevel as LogLevel,
  };
}
