import { i18n, type TFunction } from '../../i18n/translator';
import type { Event, EventKind, Proto } from '../../../shared/protocol';
import { assertNever } from '../../../shared/protocolValues';
import { errorText } from '../../i18n/errors';
import { formatEndpoint } from '../../../shared/world';
import { wireSummary } from '../wire';
import { dataLine } from '../../lib/bytesView';

/**
 * The details column of a log row, in the page's language; bytes as text or hex. Plain text, never HTML.
 * `proto` tells a socket's protocol (UDP's connect() only sets the default peer: no call, no SYN).
 */
export function eventSummary(
  e: Event,
  t: TFunction,
  hex: boolean,
  proto: (socket: string) => Proto | undefined = () => undefined,
): string {
  switch (e.kind) {
    case 'lookup':
      return t(e.socket ? 'summary.lookupFor' : 'summary.lookup', {
        host: e.host,
        addresses: e.addresses.map((a) => a.address).join(', ') || '—',
      });
    case 'service':
      return t('summary.service', { name: e.name, proto: e.proto, port: e.port });
    case 'created':
      return (
        t('summary.created', {
          proto: e.proto.toUpperCase(),
          family: e.family === 6 ? 'AF_INET6' : 'AF_INET',
          label: e.label ?? '',
        }) + (e.parent ? ` ${t('summary.acceptedBy', { parent: e.parent })}` : '')
      );
    case 'bound':
      return formatEndpoint(e.local);
    case 'listening':
      return t('summary.listening', { local: formatEndpoint(e.local), backlog: e.backlog });
    case 'connecting':
      return t(proto(e.socket) === 'udp' ? 'summary.connectingUdp' : 'summary.connecting', {
        remote: formatEndpoint(e.remote),
      });
    case 'connected':
      return `${formatEndpoint(e.local)} ⇄ ${formatEndpoint(e.remote)}`;
    case 'accepted':
      return t('summary.accepted', { child: e.child, remote: formatEndpoint(e.remote) });
    case 'sent':
    case 'received': {
      const where =
        e.kind === 'sent' ? (e.to ? ` → ${formatEndpoint(e.to)}` : '') : e.from ? ` ← ${formatEndpoint(e.from)}` : '';
      return `${t('summary.bytes', { count: e.bytes, offset: e.offset })}${where}  ${dataLine(e.data, hex)}`;
    }
    case 'paused':
    case 'resumed':
    case 'ended':
    case 'peer-ended':
    case 'reset':
      return t(`summary.${e.kind}`);
    case 'closed':
      return e.hadError ? t('summary.closedError') : t('summary.closed');
    case 'error':
      // The errno name and the call are the protocol's words; the sentence is the page's, never the server's English.
      return `${e.code} (${e.syscall}) ${errorText(e, i18n)}`;
    case 'kernel':
      return t('summary.kernel', { state: e.state, tx: e.txQueue, rx: e.rxQueue });
    case 'compare-started':
      return t('summary.compareStarted', { run: e.run });
    case 'link':
      return t(e.action === 'drop' ? 'summary.linkDrop' : 'summary.linkForward', {
        lane: e.lane.toUpperCase(),
        n: e.n,
        bytes: e.bytes,
      });
    case 'retransmit':
      return t('summary.retransmit', { segments: e.segments, bytes: e.bytes });
    case 'compare-ended':
      return t('summary.compareEnded', {
        run: e.run,
        reason: t(`compareReason.${e.reason}`, { defaultValue: e.reason }),
      });
    case 'segment':
    case 'datagram':
    case 'icmp':
    case 'capture':
      return wireSummary(e, t);
    case 'roster':
      return t('summary.classRoster', { students: e.students.length, calls: e.calls.length });
    case 'directory':
      return t('summary.classDirectory', { entries: e.entries.length });
    case 'class-state':
      return t(e.ended ? 'summary.classEnded' : e.frozen ? 'summary.classFrozen' : 'summary.classRunning');
    case 'class-peer':
      return t('summary.classPeer', { peer: e.peer, service: e.service });
    default:
      return assertNever(e);
  }
}

/**
 * An event kind in the page's language with its protocol name beside it —
 * « connecté (connected) » — or the protocol name alone when the two are the
 * same word (English) or the page has no word for it yet (a newer kind).
 */
export function kindLabel(kind: EventKind | string, t: TFunction): string {
  const label = t(`kind.${kind}`, { ns: 'log', defaultValue: kind });
  return label === kind ? kind : t('kindWithName', { ns: 'log', label, kind });
}

export { formatSeconds } from '../../lib/seconds';
