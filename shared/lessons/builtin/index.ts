/**
 * The built-in lessons, in course order. They are JSON files in the same format
 * teachers use, validated when loaded (and in a unit test).
 */
import { validateLesson } from '../loader';
import type { Lesson } from '../schema';
import appel from './appel.json' with { type: 'json' };
import cartePostale from './carte-postale.json' with { type: 'json' };
import standard from './standard.json' with { type: 'json' };
import occupe from './occupe.json' with { type: 'json' };
import messages from './messages.json' with { type: 'json' };
import raccrocher from './raccrocher.json' with { type: 'json' };
import ipv6 from './ipv6.json' with { type: 'json' };
import poigneeDeMain from './poignee-de-main.json' with { type: 'json' };
import fenetre from './fenetre.json' with { type: 'json' };

const RAW: readonly unknown[] = [
  appel,
  cartePostale,
  standard,
  occupe,
  messages,
  raccrocher,
  ipv6,
  poigneeDeMain,
  fenetre,
];

function load(raw: unknown): Lesson {
  const r = validateLesson(raw, { allowCode: true });
  if (!r.ok) throw new Error(`built-in lesson is invalid: ${r.errors.join('; ')}`);
  return r.lesson;
}

export const BUILTIN_LESSONS: readonly Lesson[] = RAW.map(load);
