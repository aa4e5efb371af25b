/**
 * The policy of one Allô server, composed of the target rules (targets.ts: what
 * may be reached or bound) and the named limits (limits.ts). One object, so a
 * later classroom mode is a new rule here rather than a rewrite elsewhere.
 */
import type { Policy } from '../../shared/protocol';
import type { Limits } from '../../shared/limits';
import { lookupAll } from '../net/lookup';
import { MemoryBudget } from './MemoryBudget';
import { createTargetPolicy, type TargetPolicy } from './targets';

export interface AlloPolicy {
  readonly targets: TargetPolicy;
  readonly limits: Limits;
  /** The server-wide byte budgets (maxLogBytes, maxOutboxBytes), shared by its sessions. */
  readonly memory: MemoryBudget;
  /** Name → every address (getaddrinfo), the same resolver the target checks use. */
  readonly resolve: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  /** As reported in `welcome`. */
  describe(): Policy;
}

export interface PolicyOptions {
  allow: string[];
  /** `--allow-port` entries (loopback ports below 1024 that may be called). */
  allowPorts?: string[];
  limits: Limits;
  /** The port the Allô server itself listens on: never bindable by a session. */
  serverPort: () => number;
  resolve?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

export function createPolicy(opts: PolicyOptions): AlloPolicy {
  const resolve = opts.resolve ?? lookupAll;
  const targets = createTargetPolicy({
    allow: opts.allow,
    allowPorts: opts.allowPorts ?? [],
    serverPort: opts.serverPort,
    resolve,
  });
  return {
    targets,
    limits: opts.limits,
    memory: new MemoryBudget(
      opts.limits.maxLogBytes,
      opts.limits.maxLogBytes / opts.limits.maxSessions,
      opts.limits.maxOutboxBytes,
    ),
    resolve,
    describe: () => ({ ...targets.describe(), limits: { ...opts.limits } }),
  };
}

export * from './limits';
