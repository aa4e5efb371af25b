import { assertNever } from '../../../shared/protocolValues';
import type { Caption } from '../stage';
import { type WireEvent, isPureAck } from './wireText';

/** The stage's caption for a wire event: what crossed the line, said in the analogy's words. */
export function wireCaption(e: WireEvent, who: string): Caption {
  const c = (key: string, values: Record<string, string | number>, tone: Caption['tone'] = 'info'): Caption => ({
    key: `wire:caption.${key}`,
    values: { who, ...values },
    api: 'tcpdump',
    tone,
  });
  switch (e.kind) {
    case 'segment': {
      const flags = e.flags.join('+');
      if (e.flags.includes('RST')) return c('rst', { flags }, 'bad');
      if (e.flags.includes('SYN')) return c('syn', { flags, seq: e.tcpSeq, ack: e.tcpAck });
      if (e.flags.includes('FIN')) return c('fin', { flags, seq: e.tcpSeq }, 'bye');
      if (e.zeroWindow) return c('zeroWindow', {}, 'bad');
      if (e.probe) return c('probe', {});
      if (e.retransmission) return c('retransmission', { len: e.len }, 'bad');
      if (isPureAck(e)) return c('ack', { ack: e.tcpAck, win: e.win });
      return c('data', { len: e.len, seq: e.tcpSeq }, 'talk');
    }
    case 'datagram':
      return c('datagram', { len: e.len }, 'talk');
    case 'icmp':
      return c('icmp', { name: e.name }, 'bad');
    case 'capture':
      return c(e.state === 'on' ? 'captureOn' : 'captureOff', { reason: e.reason ?? '' });
    default:
      return assertNever(e);
  }
}
