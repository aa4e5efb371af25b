/**
 * The toolbox's C preview: the lines an action will add to the session's
 * program, printed by the same code as the code view. The action's command
 * is turned into the events it will cause (`predicted`), appended to the
 * session's events, and the program of the whole is rendered; the preview is
 * the lines of the predicted events, so the toolbox and the code view cannot
 * disagree on a call, a variable name or an address.
 */
import type { Event, EventInput } from '../protocol';
import { renderC } from './c';
import { programFromEvents } from './fromEvents';
import { WORDS, type TextLang } from './words';

/** The C lines that `predicted` events add after `history`, without the program's indentation. */
export function previewC(
  history: readonly Event[],
  predicted: readonly EventInput[],
  textLang: TextLang = 'en',
): string[] {
  const last = history.at(-1);
  let seq = last?.seq ?? 0;
  const t = last?.t ?? 0;
  const numbered = predicted.map((e) => ({ ...e, seq: ++seq, t }) as Event);
  const rendered = renderC(programFromEvents([...history, ...numbered]), '', WORDS[textLang]);
  const lines = new Set<number>();
  for (const e of numbered) for (const [a, b] of rendered.steps[e.seq] ?? []) for (let i = a; i <= b; i++) lines.add(i);
  // pause/resume add nothing: recv() is simply not called for a while. Say so rather than show nothing.
  if (lines.size === 0) return [`/* ${WORDS[textLang].nothingAdded} */`];
  return [...lines].sort((x, y) => x - y).map((i) => rendered.lines[i]!.replace(/^ {4}/, ''));
}
