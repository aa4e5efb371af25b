import type { Event } from '../../../shared/protocol';
import { assertNever } from '../../../shared/protocolValues';
import { formatEndpoint, type World } from '../../../shared/world';
import { compareCaption } from '../compare';
import { wireCaption } from '../wire';
import { bytesLabel } from './bytes';

/**
 * A caption for one event: the analogy (an i18n key of the `stage` namespace,
 * with its values) and the API call that caused it, shown in code type.
 */
export interface Caption {
  key: string;
  values: Record<string, string | number>;
  api: string;
  /** Tone of the caption: errors and resets stand out. */
  tone: 'info' | 'talk' | 'bye' | 'bad';
}

/** How a socket is named in captions: its label and id, or its id. */
export function socketName(world: World, id: string | undefined): string {
  if (!id) return '?';
  const label = world.sockets[id]?.label;
  return label ? `${label} (${id})` : id;
}

/**
 * Which caption an event's is, for the caption bar: a new one arrives with a small movement, the same one
 * only changes its words. The kernel's samples of one socket in one state are one caption (TIME_WAIT's
 * seconds counting down), so a countdown does not make the caption re-arrive, faded, once a second.
 */
export function captionIdentity(e: Event): string {
  return e.kind === 'kernel' ? `kernel ${e.socket} ${e.state}` : `event ${e.seq}`;
}

/** The caption of an event, read against the world just after it. */
export function captionFor(e: Event, world: World): Caption {
  const who = 'socket' in e ? socketName(world, e.socket) : '';
  const s = 'socket' in e && e.socket ? world.sockets[e.socket] : undefined;
  const udp = s?.proto === 'udp';
  const c = (
    key: string,
    api: string,
    values: Record<string, string | number> = {},
    tone: Caption['tone'] = 'info',
  ): Caption => ({
    key: `caption.${key}`,
    values: { who, ...values },
    api,
    tone,
  });
  switch (e.kind) {
    case 'lookup':
      return c(e.socket ? 'lookupFor' : 'lookup', 'getaddrinfo()', {
        host: e.host,
        addresses: e.addresses.map((a) => a.address).join(', ') || '—',
      });
    case 'service':
      return c('service', 'getservbyname()', { name: e.name, proto: e.proto, port: e.port });
    case 'created':
      return e.parent
        ? c('createdChild', 'accept()', { parent: socketName(world, e.parent) })
        : c(udp ? 'createdUdp' : 'created', 'socket()');
    case 'bound':
      return c('bound', 'bind()', { addr: formatEndpoint(e.local) });
    case 'listening':
      return c('listening', 'listen()', { addr: formatEndpoint(e.local) });
    case 'connecting':
      return c(udp ? 'connectingUdp' : 'connecting', 'connect()', { addr: formatEndpoint(e.remote) });
    case 'connected':
      return c(udp ? 'connectedUdp' : 'connected', 'connect()', { addr: formatEndpoint(e.remote) });
    case 'accepted':
      return c('accepted', 'accept()', { child: socketName(world, e.child), addr: formatEndpoint(e.remote) });
    case 'sent': {
      const text = bytesLabel(e.data, false, 40).text;
      if (!udp) return c('sent', 'send()', { text, bytes: e.bytes }, 'talk');
      const to = e.to ?? s?.remote;
      // sendto() from an unconnected socket to a number nobody here has: the kernel will not tell the sender.
      const nowhere = e.to && !s?.remote && world.datagrams.some((d) => d.sentSeq === e.seq && d.fate === 'nowhere');
      return c(
        nowhere ? 'sentUdpNowhere' : e.to ? 'sentUdp' : 'sentUdpConnected',
        e.to ? 'sendto()' : 'send()',
        { text, bytes: e.bytes, addr: to ? formatEndpoint(to) : '?' },
        'talk',
      );
    }
    case 'received': {
      const text = bytesLabel(e.data, false, 40).text;
      if (!udp) return c('received', 'recv()', { text, bytes: e.bytes }, 'talk');
      return c(
        'receivedUdp',
        'recvfrom()',
        { text, bytes: e.bytes, addr: e.from ? formatEndpoint(e.from) : '?' },
        'talk',
      );
    }
    case 'paused':
      return c('paused', '/* no recv() */');
    case 'resumed':
      return c('resumed', 'recv()');
    case 'ended':
      return c('ended', 'shutdown(SHUT_WR)', {}, 'bye');
    case 'peer-ended':
      return c('peerEnded', 'recv() = 0', {}, 'bye');
    case 'reset':
      return c('reset', 'close() + SO_LINGER 0', {}, 'bad');
    case 'closed':
      if (e.cause === 'peer-reset') return c('closedPeerReset', 'recv() → ECONNRESET', {}, 'bad');
      if (e.hadError && s?.lastError) return c('closedAfterError', 'close()', { code: s.lastError.code }, 'bad');
      // Nobody called close(): Node closed a socket whose two directions had finished.
      if (e.cause === 'node') return c('closedByNode', '/* Node */ close()', {}, 'bye');
      if (e.rst && s?.rstOnClose) return c('closedRst', 'close() → RST', {}, 'bad');
      if (e.fin) return c('closedFin', 'close() → FIN', {}, 'bye');
      return c(
        s?.parent === undefined && s?.phase === 'closed' && s.children.length ? 'closedListener' : 'closed',
        'close()',
        {},
        'bye',
      );
    case 'error': {
      const known = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET'].includes(e.code);
      // UDP has no call: a refusal is an ICMP "port unreachable" the kernel relays, never a RST.
      const key =
        udp && e.code === 'ECONNREFUSED' ? 'error.ECONNREFUSEDUdp' : known ? `error.${e.code}` : 'error.other';
      return c(key, `${e.syscall}() → ${e.code}`, { code: e.code, message: e.message }, 'bad');
    }
    case 'kernel':
      if (e.afterClose) {
        if (e.state === 'CLOSED') return c('kernelGone', '/proc/net', { state: e.state });
        if (e.state === 'TIME_WAIT' && e.timerMs !== undefined)
          return c('kernelTimeWait', '/proc/net', { state: e.state, seconds: Math.ceil(e.timerMs / 1000) });
        return c('kernelAfterClose', '/proc/net', { state: e.state });
      }
      return c('kernel', '/proc/net', { state: e.state, rx: e.rxQueue, tx: e.txQueue });
    case 'compare-started':
    case 'link':
    case 'retransmit':
    case 'compare-ended':
      return compareCaption(e);
    case 'segment':
    case 'datagram':
    case 'icmp':
    case 'capture':
      return wireCaption(e, who);
    case 'roster':
      return c('classRoster', 'class', { students: e.students.length, calls: e.calls.length });
    case 'directory':
      return c('classDirectory', 'class', { entries: e.entries.length });
    case 'class-state':
      return c(e.ended ? 'classEnded' : e.frozen ? 'classFrozen' : 'classRunning', 'class');
    case 'class-peer':
      return c('classPeer', 'class', { peer: e.peer, service: e.service });
    default:
      return assertNever(e);
  }
}
