import { useTranslation } from '../../i18n/react';
import type { SocketState } from '../../../shared/world';
import './tcpState.css';

/** States the page explains in words; any other name the kernel gives is shown as is. */
export const TCP_STATES = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'NEW_SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSE_WAIT',
  'CLOSING',
  'LAST_ACK',
  'TIME_WAIT',
  'CLOSE',
] as const;

/** Families of states, for the badge's colour (each also has its name written out). */
function tone(state: string): string {
  if (state === 'ESTABLISHED') return 'up';
  if (state === 'LISTEN') return 'listen';
  if (state.startsWith('SYN') || state === 'NEW_SYN_RECV') return 'opening';
  if (state === 'CLOSE') return 'gone';
  return 'closing';
}

/**
 * The kernel's own TCP state for a socket (from its latest `kernel` sample:
 * /proc/net/tcp, as `ss -tan` shows it), beside the call's analogy on its card:
 * the phase says what the program did, this says where the kernel's state
 * machine (RFC 9293) stands — CLOSE_WAIT while the program has not hung up,
 * FIN_WAIT2 while the other side has not, TIME_WAIT after. With the kernel's
 * tcp_info (`ss -ti`), its RTT, cwnd, unsent and unacknowledged bytes too.
 */
export function TcpState({ socket }: { socket: SocketState }) {
  const { t, i18n } = useTranslation('tcp');
  const k = socket.kernel;
  if (socket.proto !== 'tcp' || !k) return null;
  const known = (TCP_STATES as readonly string[]).includes(k.state);
  const info = k.tcpInfo;
  const explain =
    t(known ? `explain.${k.state}` : 'explain.other', { state: k.state }) +
    (info
      ? ` — ${t('info', {
          rtt: info.rttMs === undefined ? '—' : info.rttMs.toLocaleString(i18n.language, { maximumFractionDigits: 3 }),
          cwnd: info.cwnd,
          unsent: info.unsent,
          unacked: info.unacked,
          retransmits: info.retransmits,
        })}`
      : '');
  return (
    <span className={`tcp-state tone-${tone(k.state)}`} data-testid="tcp-state" data-state={k.state} title={explain}>
      <span className="sr-only">{t('label')} </span>
      {k.state}
    </span>
  );
}
