/**
 * The policy of one Allô server, composed of the target rules (targets.ts: what
 * may be reached or bound) and the named limits (limits.ts). One object, so a
 * later classroom mode is a new rule here rather than a rewrite elsewhere.
 */
import type { Policy } from '../../shared/protocol';
import type { Limits } from '../../shared/limits';
import { createTargetPolicy, type TargetPolicy } from './targets';

export interface AlloPolicy {
  readonly targets: TargetPolicy;
  readonly limits: Limits;
  /** As reported in `welcome`. */
  describe(): Policy;
}

export interface PolicyOptions {
  allow: string[];
  limits: Limits;
  /** The port the Allô server itself listens on: never bindable by a session. */
  serverPort: () => number;
  resolve?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
}

export function createPolicy(opts: PolicyOptions): AlloPolicy {
  const targets = createTargetPolicy({ allow: opts.allow, serverPort: opts.serverPort, resolve: opts.resolve });
  return {
    targets,
    limits: opts.limits,
    describe: () => ({ ...targets.describe(), limits: { ...opts.limits } }),
  };
}

export * from './limits';
