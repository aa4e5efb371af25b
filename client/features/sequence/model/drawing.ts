/**
 * The working state shared by the drawing functions (draw.ts for calls, drawData.ts
 * for UDP postcards and stray receives) while the events of the window are drawn
 * one by one, and the row helpers they both use.
 */
import type { Endpoint, Event } from '../../../../shared/protocol';
import type { Pairing } from '../../../../shared/pairing';
import type { World } from '../../../../shared/world';
import type { Arrow, Lifeline, Mark } from './types';

/** Working state while the events of the window are drawn one by one. */
export interface Drawing {
  /** The window's events plus a look-ahead past the cursor. */
  events: readonly Event[];
  cursor: number;
  cursorRow: number;
  rowOf: Map<number, number>;
  pairing: Pairing;
  world: World;
  arrows: Arrow[];
  marks: Mark[];
  lifelines: Map<string, Lifeline>;
  /** Lifeline of a peer outside the session, made on first use. */
  outside(endpoint: Endpoint | undefined): string;
  pending: { connecting: Map<string, Arrow> };
}

/** Row where something sent at row `y` but not received by the cursor is drawn: just below the cursor. */
export const inFlightRow = (d: Drawing) => d.cursorRow + 0.6;

/** Row of the first event after `after` that `match` accepts: in the window, past the cursor (Infinity), or not at all (null). */
export function laterRow(d: Drawing, after: number, match: (e: Event) => boolean): { row: number; seq: number } | null {
  for (const e of d.events) {
    if (e.seq <= after || !match(e)) continue;
    return { row: e.seq <= d.cursor ? (d.rowOf.get(e.seq) ?? Infinity) : Infinity, seq: e.seq };
  }
  return null;
}
