import type { Data, Event } from '../../shared/protocol';

/**
 * What an event costs to keep, estimated in O(1) without serialising it: a fixed
 * share for the object and its small fields, plus its strings. A preview's
 * base64 is ASCII (one byte a character on V8's heap); its text may hold any
 * character, so it is counted at two. Close to (a little above) both the heap
 * cost and the length of the event's JSON, which is what a byte budget needs.
 */
export const EVENT_OVERHEAD_BYTES = 192;

export function estimateEventBytes(e: Event): number {
  let n = EVENT_OVERHEAD_BYTES;
  if (e.kind === 'sent' || e.kind === 'received') n += dataBytes(e.data);
  else if (e.kind === 'error') n += 2 * e.message.length;
  return n;
}

export function dataBytes(d: Data): number {
  return d.base64.length + 2 * (d.text?.length ?? 0);
}

/** The preview left once an event is kept only for replay and the budget is tight: no bytes, marked truncated. */
export const STRIPPED: Data = Object.freeze({ base64: '', truncated: true }) as Data;
