import type { EventOf } from '../../../shared/protocol';
import { formatEndpoint } from '../../../shared/world';

export type WireEvent = EventOf<'segment'> | EventOf<'datagram'> | EventOf<'icmp'> | EventOf<'capture'>;
export const WIRE_KINDS = ['segment', 'datagram', 'icmp', 'capture'] as const;
export const isWireEvent = (e: { kind: string }): e is WireEvent => (WIRE_KINDS as readonly string[]).includes(e.kind);

/** Marks of a segment, as the i18n keys under `wire:mark.*` (retransmission, zeroWindow…). */
export function segmentMarks(e: EventOf<'segment'>): string[] {
  const marks: string[] = [];
  if (e.retransmission) marks.push('retransmission');
  if (e.zeroWindow) marks.push('zeroWindow');
  if (e.probe) marks.push('probe');
  if (e.keepAlive) marks.push('keepAlive');
  if (e.windowUpdate) marks.push('windowUpdate');
  if (e.dupAck) marks.push('dupAck');
  return marks;
}

/** A segment's header in tcpdump's terms, language-neutral: `[SYN] seq 0 ack 0 len 0 win 65495 · mss 65495 ws 10`. */
export function segmentHeader(e: EventOf<'segment'>): string {
  const parts = [`[${e.flags.join(', ')}]`, `seq ${e.tcpSeq}`];
  if (e.flags.includes('ACK')) parts.push(`ack ${e.tcpAck}`);
  parts.push(`len ${e.len}`, `win ${e.win}${e.winUnscaled ? '?' : ''}`);
  const o = e.options;
  if (o) {
    const opts = [
      o.mss !== undefined ? `mss ${o.mss}` : '',
      o.wscale !== undefined ? `ws ${o.wscale}` : '',
      o.sackPermitted ? 'sack' : '',
      o.timestamps ? `ts ${o.timestamps.val}/${o.timestamps.ecr}` : '',
    ].filter(Boolean);
    if (opts.length) parts.push(`· ${opts.join(' ')}`);
  }
  return parts.join(' ');
}

/** Whether a segment only acknowledges (no payload, no SYN/FIN/RST): drawn lighter than data. */
export const isPureAck = (e: EventOf<'segment'>) =>
  e.len === 0 && !e.flags.some((f: string) => f === 'SYN' || f === 'FIN' || f === 'RST');

export const datagramHeader = (e: EventOf<'datagram'>) =>
  `${formatEndpoint(e.src)} → ${formatEndpoint(e.dst)} len ${e.len}`;
