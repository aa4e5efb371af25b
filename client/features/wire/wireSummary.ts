import { assertNever } from '../../../shared/protocolValues';
import type { TFunction } from '../../i18n/translator';
import { formatEndpoint } from '../../../shared/world';
import { type WireEvent, datagramHeader, segmentHeader, segmentMarks } from './wireText';

/** The details column of a log row for a wire event (the log's `summary` column). Plain text. */
export function wireSummary(e: WireEvent, t: TFunction): string {
  const tw = (key: string, values?: Record<string, unknown>) => t(`wire:${key}`, values ?? {}) as string;
  const dir = (d: 'out' | 'in', peer?: string) => tw(d === 'out' ? 'dir.out' : 'dir.in') + (peer ? ` ${peer}` : '');
  switch (e.kind) {
    case 'segment': {
      const marks = segmentMarks(e).map((m) => tw(`mark.${m}`));
      return `#${e.frame} ${dir(e.dir, e.peer)} ${segmentHeader(e)}${marks.length ? ` — ${marks.join(', ')}` : ''}`;
    }
    case 'datagram':
      return `#${e.frame} ${dir(e.dir, e.peer)} ${datagramHeader(e)}`;
    case 'icmp':
      return `#${e.frame} ${tw(`icmp.${e.name}`, { type: e.type, code: e.code })}: ${e.about.proto.toUpperCase()} ${formatEndpoint(e.about.src)} → ${formatEndpoint(e.about.dst)}`;
    case 'capture':
      return e.state === 'on'
        ? tw('capture.on', { kept: e.kept, notKept: e.notKept })
        : tw('capture.off', { reason: e.reason ?? '' });
    default:
      return assertNever(e);
  }
}
