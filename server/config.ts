import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS, type Limits } from '../shared/limits';

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
  /** Packet capture of loopback (`--capture on|off`, env ALLO_CAPTURE; default on), docs/wire.md. */
  capture: { enabled: boolean };
}

export const USAGE = `Usage: node --import tsx server/main.ts [options]
  --port N            port to listen on (env PORT; default 3000; 0 = any free port)
  --host H            address to listen on (env HOST; default localhost)
  --allow LIST        extra targets beyond loopback, comma-separated CIDRs/IPs/names
                      (env ALLO_ALLOW; repeatable). Nothing beyond loopback by default.
  --limit NAME=VALUE  override a named limit of shared/limits.ts (repeatable)
  --dev               serve the client through Vite (hot reload)
  --capture on|off    capture the sessions' packets on loopback with tcpdump (env ALLO_CAPTURE;
                      default on; needs root or tcpdump with cap_net_raw, see docs/wire.md)`;

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
      dev: { type: 'boolean', default: false },
      capture: { type: 'string' },
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
  return {
    port: values.port !== undefined ? parsePort(values.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 3000,
    host: values.host ?? (env.HOST || 'localhost'),
    allow: [...splitList(env.ALLO_ALLOW), ...(values.allow ?? []).flatMap(splitList)],
    dev: values.dev ?? false,
    limits,
    capture: { enabled: parseOnOff(values.capture ?? env.ALLO_CAPTURE ?? 'on', '--capture') },
  };
}
