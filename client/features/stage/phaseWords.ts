import { lingersInKernel, type SocketState } from '../../../shared/world';

/** Errors with a name of their own on the card ("Nobody answers"). */
export const NAMED_ERRORS = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET'];

/** UDP has no call: its phases that a telephone word would misname get mailbox words. */
const UDP_PHASE: Partial<Record<SocketState['phase'], string>> = {
  bound: 'udpBound',
  connecting: 'udpConnecting',
  connected: 'udpConnected',
};

/**
 * The `stage` i18n key naming a socket's state — one word per phase, the same
 * on the card, in the toolbox's socket list and in the live region: socket()
 * picks the handset up ("Handset up"), close() puts it down ("Hung up").
 */
export function phaseKey(s: SocketState): string {
  if (s.phase === 'error' && s.lastError && NAMED_ERRORS.includes(s.lastError.code))
    return `phase.errors.${s.lastError.code}`;
  if (s.phase === 'closed' && s.closeCause === 'node') return 'phase.closedByNode';
  if (lingersInKernel(s)) return 'phase.lingering';
  const udp = s.proto === 'udp' ? UDP_PHASE[s.phase] : undefined;
  return `phase.${udp ?? s.phase}`;
}

/** The explanation key of a socket's state: its error if it has one, else its phase (and why it closed). */
export function explainKey(s: SocketState): string {
  if (s.phase === 'error' && s.lastError) {
    const code = s.lastError.code;
    if (code === 'ECONNREFUSED' && s.proto === 'udp') return 'explain.error.ECONNREFUSEDUdp';
    return NAMED_ERRORS.includes(code) ? `explain.error.${code}` : 'explain.error.other';
  }
  if (s.closing && s.open) return 'explain.closing';
  if (s.proto === 'udp') return `explain.udp.${s.phase}`;
  if (s.phase === 'reset' && s.rstOnClose) return 'explain.closedRst';
  if (s.phase === 'closed' && s.closeCause === 'node') return 'explain.closedByNode';
  return s.phase === 'listening' || s.children.length ? `explain.listener.${s.phase}` : `explain.${s.phase}`;
}

/** Why a hung-up socket's call is still in the kernel's hands (TIME_WAIT, FIN_WAIT2), if it is. */
export function lingerExplainKey(s: SocketState): string | undefined {
  if (!lingersInKernel(s)) return undefined;
  if (s.kernel?.state === 'TIME_WAIT') return 'explain.timeWait';
  if (s.kernel?.state === 'FIN_WAIT2') return 'explain.finWait2';
  return undefined;
}
