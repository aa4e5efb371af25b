/**
 * Where each message of a lane is drawn at display time T: bubbles (TCP) or
 * postcards (UDP) travelling along the line, and the ones the link lost falling
 * off it. Pure, from the scoreboard's per-message fates — which only hold what
 * the events up to the cursor say, so nothing here peeks at the future.
 */
import type { MessageFate } from '../../../shared/compare/scoreboard';
import type { LinkParams, CompareScript } from '../../../shared/compare/link';

export interface Flight {
  n: number;
  /** 0 = at the sender, 0.5 = at the relay, 1 = at the receiver. */
  x: number;
  /** 0 while flying; 0–1 while falling off the line. */
  fall: number;
}

/** How long a lost postcard takes to fall out of sight. */
export const FALL_MS = 900;
/** At most this many shapes per lane, the newest: a burst is summarised, not queued. */
export const MAX_FLIGHTS = 60;

/** The one-way time a message is expected to take: what the drawing scales its travel to. */
export function expectedTransitMs(script: CompareScript, link: LinkParams): number {
  const tx = link.bandwidthKbps > 0 ? (script.size * 8) / link.bandwidthKbps : 0;
  return Math.max(40, link.delayMs + link.jitterMs + tx + 5);
}

export function flightsAt(messages: readonly MessageFate[], T: number, transitMs: number): Flight[] {
  const out: Flight[] = [];
  for (let n = messages.length - 1; n >= 0 && out.length < MAX_FLIGHTS; n--) {
    const m = messages[n]!;
    if (m.sentT === undefined || m.sentT > T) continue;
    if (m.deliveredT !== undefined && m.deliveredT <= T) continue;
    if (m.lostT !== undefined && m.lostT <= T) {
      const fall = (T - m.lostT) / FALL_MS;
      if (fall < 1) out.push({ n, x: 0.5, fall: Math.max(0, fall) });
      continue;
    }
    // Undelivered yet: it travels at the expected pace and waits just short of the receiver.
    const progress = (T - m.sentT) / transitMs;
    const cap = m.lost ? 0.5 : 0.96; // lost without a relay report (the run ended): it never got further
    out.push({ n, x: Math.min(cap, Math.max(0, progress)), fall: 0 });
  }
  return out;
}
