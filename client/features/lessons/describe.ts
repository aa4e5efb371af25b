import type { AssertionResult } from '../../../shared/lessons/checks';
import { isRef } from '../../../shared/lessons/refs';

const show = (v: unknown) => (isRef(v) ? v.$ref.replace(/\.socket$/, '') : String(v));

/** A short, code-like description of an assertion and what was found: `accepted(listener) = 1`. */
export function describeAssertion(r: AssertionResult): string {
  const a = r.assertion;
  if ('phase' in a) return `${show(a.socket)}: ${r.actualPhase ?? '?'}${r.ok ? '' : ` ≠ ${a.phase}`}`;
  const who = a.socket !== undefined ? `(${show(a.socket)})` : '';
  const what = [a.code, a.text !== undefined ? JSON.stringify(a.text) : undefined].filter(Boolean).join(' ');
  const count = `${r.found}${a.count !== undefined && !r.ok ? ` ≠ ${a.count}` : ''}`;
  const bytes = a.bytes !== undefined ? `, ${r.bytes ?? 0} B${r.bytes !== a.bytes ? ` ≠ ${a.bytes}` : ''}` : '';
  return `${a.kind}${who}${what ? ` ${what}` : ''} × ${count}${bytes}`;
}
