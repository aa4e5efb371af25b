/**
 * The toolbox's C previews, printed by shared/codegen (the code view's own
 * printer). A chunk of its own: usePreview loads it after the first paint.
 */
import { previewC } from '../../../shared/codegen/preview';
import type { TextLang } from '../../../shared/codegen/words';
import type { Event, EventInput, Family } from '../../../shared/protocol';
import type { SocketState } from '../../../shared/world';
import { ACTIONS, type ActionValues, type SocketAction } from './actions';
import { DIRECTORY, type DirectoryAction, type DirectoryValues } from './directory';

/** The C lines the action will add to the session's program, printed by shared/codegen as the code view prints them. */
export function previewLines(
  action: SocketAction,
  s: SocketState,
  v: ActionValues,
  history: readonly Event[],
  lang: TextLang,
): string[] {
  return previewC(history, ACTIONS[action].toEvents(s, v), lang);
}

/** The C lines socket() will add: the socket's variable is its label when it has one (as in the code view). */
export function previewSocket(
  history: readonly Event[],
  proto: 'tcp' | 'udp',
  family: Family,
  label: string,
  lang: TextLang,
): string[] {
  // The server numbers sockets s1, s2…: the next one, unless a label names it.
  const next =
    history.reduce((n, e) => Math.max(n, Number(/^s(\d+)$/.exec('socket' in e ? (e.socket ?? '') : '')?.[1] ?? 0)), 0) +
    1;
  const created: EventInput = { kind: 'created', socket: `s${next}`, proto, family, ...(label ? { label } : {}) };
  return previewC(history, [created], lang);
}

/** The C lines the directory action will add to the session's program, as the code view prints them. */
export function directoryPreview(
  action: DirectoryAction,
  v: DirectoryValues,
  history: readonly Event[],
  lang: TextLang,
): string[] {
  return previewC(history, DIRECTORY[action].toEvents(v), lang);
}
