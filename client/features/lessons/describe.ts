import type { TFunction } from '../../i18n/translator';
import type { AssertionResult } from '../../../shared/lessons/checks';
import { isRef, splitRef, type Refs } from '../../../shared/lessons/refs';
import type { Lesson } from '../../../shared/lessons/schema';
import { kindLabel } from '../log';

/** What a check line needs besides the result: whose sockets, in which language. */
export interface DescribeContext {
  lesson: Lesson;
  refs: Refs;
  lang: 'fr' | 'en';
  /** The translator's t, any namespace: keys are given with theirs. */
  t: TFunction;
}

/**
 * The socket an assertion is about, as the student sees it: the label the lesson
 * gave it in this language, else its id on the stage (s3), else the lesson's name.
 */
function whoIs(v: unknown, c: DescribeContext): string {
  if (!isRef(v)) return String(v);
  const { name } = splitRef(v);
  for (const step of c.lesson.steps)
    for (const a of step.actions)
      if (a.op === 'socket' && a.as === name && a.label) return typeof a.label === 'string' ? a.label : a.label[c.lang];
  const id = c.refs[name]?.socket;
  return id !== undefined ? String(id) : name;
}

/**
 * A check in the page's language, with the protocol's names beside the words:
 * `client : connecté (connected)`, `reçu (received) · lecteur "un deux trois" × 1, 13 o`.
 */
export function describeAssertion(r: AssertionResult, c: DescribeContext): string {
  const { t, lang } = c;
  const n = new Intl.NumberFormat(lang);
  const phase = (p: string) => `${t(`phase.${p}`, { ns: 'stage', defaultValue: p })} (${p})`;
  const a = r.assertion;
  if ('phase' in a) {
    const actual = r.actualPhase ? phase(r.actualPhase) : '?';
    return t('check.phase', {
      ns: 'lessons',
      who: whoIs(a.socket, c),
      actual: r.ok ? actual : t('check.not', { ns: 'lessons', actual, expected: phase(a.phase) }),
    });
  }
  const text = a.text === undefined ? undefined : typeof a.text === 'string' ? a.text : a.text[lang];
  const what = [
    a.socket !== undefined ? whoIs(a.socket, c) : undefined,
    a.code,
    text !== undefined ? t('check.quote', { ns: 'lessons', text }) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const found = n.format(r.found);
  const count =
    a.count !== undefined && !r.ok
      ? t('check.not', { ns: 'lessons', actual: found, expected: n.format(a.count) })
      : found;
  const bytes =
    a.bytes === undefined
      ? ''
      : `, ${t('check.bytes', { ns: 'lessons', count: r.bytes ?? 0, n: n.format(r.bytes ?? 0) })}${
          r.bytes !== a.bytes ? ` ≠ ${n.format(a.bytes)}` : ''
        }`;
  return `${kindLabel(a.kind, t)}${what ? ` · ${what}` : ''} × ${count}${bytes}`;
}
