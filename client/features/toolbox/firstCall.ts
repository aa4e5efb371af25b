import type { Event } from '../../../shared/protocol';

export interface FirstPageSocket {
  id: string;
  proto: 'tcp' | 'udp';
  label?: string;
  phase: string;
}

/** Minimal phase tracking for the first page; the shared world reducer supersedes it. */
export function worldSockets(events: readonly Event[]): FirstPageSocket[] {
  const map = new Map<string, FirstPageSocket>();
  for (const e of events) {
    if (e.kind === 'created') map.set(e.socket, { id: e.socket, proto: e.proto, label: e.label, phase: 'created' });
    const s = 'socket' in e && e.socket ? map.get(e.socket) : undefined;
    if (!s) continue;
    if (e.kind === 'bound' || e.kind === 'listening' || e.kind === 'connecting' || e.kind === 'connected' || e.kind === 'closed' || e.kind === 'reset')
      s.phase = e.kind;
    if (e.kind === 'accepted') {
      const child = map.get(e.child);
      if (child) child.phase = 'connected';
    }
  }
  return [...map.values()];
}
