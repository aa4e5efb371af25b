/**
 * References: `{ "$ref": "listener.port" }` stands for a value produced at run
 * time by an earlier action (`"as": "listener"`) or awaited event. This module
 * resolves them against the values a run has collected, and checks statically
 * that a lesson only refers to names defined before.
 */
import type { Endpoint, Event } from '../protocol';
import type { Action, Lesson, Ref, RefField } from './schema';

export type RefValue = string | number;
/** Values collected so far, by name then field. */
export type Refs = Readonly<Record<string, Partial<Record<RefField, RefValue>>>>;

export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && '$ref' in v;
}

export function splitRef(ref: Ref): { name: string; field: RefField } {
  const [name, field] = ref.$ref.split('.') as [string, RefField];
  return { name, field };
}

export class MissingRefError extends Error {
  constructor(readonly ref: string) {
    super(`no value yet for ${ref}`);
  }
}

/** The value a reference stands for; throws MissingRefError when not known (a skipped step). */
export function resolveValue<T>(v: T | Ref, refs: Refs): T | RefValue {
  if (!isRef(v)) return v;
  const { name, field } = splitRef(v);
  const value = refs[name]?.[field];
  if (value === undefined) throw new MissingRefError(v.$ref);
  return value;
}

/** Deep copy of an object with every reference replaced by its value. */
export function resolveDeep<T>(v: T, refs: Refs): unknown {
  if (isRef(v)) return resolveValue(v, refs);
  if (Array.isArray(v)) return v.map((x) => resolveDeep(x, refs));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(x, refs)]));
  }
  return v;
}

const fromLocal = (local: Endpoint | undefined) =>
  local ? { port: local.port, address: local.address, family: local.family } : {};
const fromRemote = (remote: Endpoint | undefined) =>
  remote ? { remotePort: remote.port, remoteAddress: remote.address } : {};

/** What an action's successful result contributes under its `as` name. */
export function valuesFromResult(action: Action, result: Record<string, unknown>): Partial<Record<RefField, RefValue>> {
  const local = result.local as Endpoint | undefined;
  const remote = result.remote as Endpoint | undefined;
  switch (action.op) {
    case 'socket':
      return { socket: String(result.socket), family: action.family };
    case 'bind':
    case 'listen':
    case 'connect':
      return { ...fromLocal(local), ...fromRemote(remote) };
    default:
      return {};
  }
}

/** What an awaited event contributes under its `as` name. */
export function valuesFromEvent(e: Event): Partial<Record<RefField, RefValue>> {
  switch (e.kind) {
    case 'accepted':
      // The name stands for the new socket, the handset that picked up.
      return { socket: e.child, ...fromLocal(e.local), ...fromRemote(e.remote) };
    case 'connected':
      return { socket: e.socket, ...fromLocal(e.local), ...fromRemote(e.remote) };
    case 'bound':
    case 'listening':
      return { socket: e.socket, ...fromLocal(e.local) };
    case 'received':
      return { socket: e.socket, ...fromRemote(e.from) };
    case 'lookup':
    case 'service':
      return e.kind === 'service' ? { port: e.port } : { address: e.addresses[0]?.address ?? '' };
    default:
      return 'socket' in e && e.socket ? { socket: e.socket } : {};
  }
}

/** Merges new values under a name. */
export function withValues(refs: Refs, name: string | undefined, values: Partial<Record<RefField, RefValue>>): Refs {
  if (!name) return refs;
  return { ...refs, [name]: { ...refs[name], ...values } };
}

function collectRefs(v: unknown, path: string, out: Array<{ ref: string; path: string }>): void {
  if (isRef(v)) out.push({ ref: v.$ref, path });
  else if (Array.isArray(v)) v.forEach((x, i) => collectRefs(x, `${path}[${i}]`, out));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) collectRefs(x, path ? `${path}.${k}` : k, out);
  }
}

/**
 * Every reference must name something defined earlier: by an action's `as` in
 * an earlier step or earlier in the same step, or by a wait's `as` (usable by
 * later waits, the check, and later steps). Returns readable problems.
 */
export function checkRefs(lesson: Lesson): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  const use = (v: unknown, path: string) => {
    const found: Array<{ ref: string; path: string }> = [];
    collectRefs(v, path, found);
    for (const f of found) {
      const name = f.ref.split('.')[0] ?? '';
      if (!defined.has(name))
        problems.push(`${f.path}: "${f.ref}" refers to "${name}", which no earlier action or wait defines (with "as")`);
    }
  };
  lesson.steps.forEach((step, s) => {
    step.actions.forEach((a, i) => {
      const { as, ...rest } = a;
      use(rest, `steps[${s}].actions[${i}]`);
      if (as) defined.add(as);
    });
    (step.waitFor ?? []).forEach((w, i) => {
      const { as, ...rest } = w;
      use(rest, `steps[${s}].waitFor[${i}]`);
      if (as) defined.add(as);
    });
    use(step.check.assert, `steps[${s}].check.assert`);
  });
  return problems;
}
