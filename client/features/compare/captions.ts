import type { EventOf } from '../../../shared/protocol';

/** The compare events, captioned by the stage like every other event. */
export type CompareEvent =
  | EventOf<'compare-started'>
  | EventOf<'link'>
  | EventOf<'retransmit'>
  | EventOf<'compare-ended'>;

/**
 * Caption of a compare event, in the stage's caption shape; the keys live in
 * the `compare` namespace (hence the "compare:" prefix, the translator's namespace
 * separator), so the stage needs no strings of ours.
 */
export function compareCaption(e: CompareEvent): {
  key: string;
  values: Record<string, string | number>;
  api: string;
  tone: 'info' | 'talk' | 'bye' | 'bad';
} {
  switch (e.kind) {
    case 'compare-started':
      return {
        key: 'compare:caption.started',
        values: { run: e.run, count: e.script.count, size: e.script.size },
        api: 'socket() × 5',
        tone: 'info',
      };
    case 'link':
      if (e.action === 'drop') {
        return {
          key: `compare:caption.drop.${e.reason ?? 'loss'}`,
          values: { n: e.msg ?? e.n, bytes: e.bytes },
          api: 'relay',
          tone: 'bad',
        };
      }
      return {
        key: e.lane === 'tcp' ? 'compare:caption.forwardTcp' : 'compare:caption.forwardUdp',
        values: { n: e.msg ?? e.n, bytes: e.bytes, ms: Math.round(e.delayMs ?? 0) },
        api: 'relay',
        tone: 'talk',
      };
    case 'retransmit':
      return {
        key: 'compare:caption.retransmit',
        values: { segments: e.segments, bytes: e.bytes },
        api: 'kernel (ss -ti)',
        tone: 'bad',
      };
    case 'compare-ended':
      return { key: `compare:caption.ended.${e.reason}`, values: { run: e.run }, api: 'close() × 5', tone: 'bye' };
  }
}
