import { fromBase64, utf8 } from '../../../shared/codegen/bytes';
import { EPHEMERAL_MIN } from '../../../shared/codegen/ephemeral';
import type { CommandInput, Endpoint, EventInput, Family, Payload } from '../../../shared/protocol';
import { isIpLiteral } from '../../../shared/safeValues';
import type { Phase, SocketState } from '../../../shared/world';

/** What a person can do with one socket from the toolbox. */
export type SocketAction = 'bind' | 'listen' | 'connect' | 'send' | 'end' | 'close' | 'reset' | 'pause' | 'resume';

/** The inputs an action's form asks for. */
export type ActionField = 'host' | 'port' | 'backlog' | 'message';

/** The form's values once checked (validate.ts). */
export interface ActionValues {
  host: string;
  port: number;
  backlog: number;
  payload: Payload;
}

/**
 * One toolbox action, defined once: when it is offered, what it asks, the
 * command it sends, and the events that command causes — from which
 * shared/codegen prints its C preview, exactly as the code view will.
 */
export interface ActionDef {
  /** The phases that offer it, per protocol (in C's terms: what the API allows then). */
  phases: { tcp: readonly Phase[]; udp: readonly Phase[] };
  fields(s: SocketState): readonly ActionField[];
  toCommand(s: SocketState, v: ActionValues): CommandInput;
  /** The events the command will cause, as far as the program is concerned. */
  toEvents(s: SocketState, v: ActionValues): EventInput[];
  /** The i18n key (toolbox namespace) of the C call named on the run button. */
  apiKey(s: SocketState): string;
}

const OPEN_TCP: readonly Phase[] = ['connected', 'half-closed', 'peer-half-closed'];
const loopback = (family: Family) => (family === 6 ? '::1' : '127.0.0.1');
const endpoint = (address: string, port: number, family: Family): Endpoint => ({ address, port, family });
/** A port the kernel would choose for port 0: the program then reads it with getsockname(). */
const chosen = (port: number) => (port === 0 ? EPHEMERAL_MIN : port);

/** A host as typed: an IP literal is used as is; a name is looked up first (getaddrinfo() in C). */
function target(s: SocketState, host: string, port: number): { lookup: EventInput[]; at: Endpoint } {
  if (isIpLiteral(host)) return { lookup: [], at: endpoint(host, port, host.includes(':') ? 6 : 4) };
  const address = loopback(s.family);
  return {
    lookup: [{ kind: 'lookup', socket: s.id, host, addresses: [{ address, family: s.family }] }],
    at: endpoint(address, port, s.family),
  };
}

function bytesOf(payload: Payload): Uint8Array {
  return 'text' in payload ? utf8(payload.text) : fromBase64(payload.base64);
}

/** A UDP socket without a default peer must say where each postcard goes (sendto). */
export const needsDestination = (s: SocketState): boolean => s.proto === 'udp' && !s.remote;

const simple = (
  op: 'end' | 'close' | 'reset' | 'pause' | 'resume',
  phases: ActionDef['phases'],
  events: (s: SocketState) => EventInput[],
): ActionDef => ({
  phases,
  fields: () => [],
  toCommand: (s) => ({ op, socket: s.id }),
  toEvents: (s) => events(s),
  apiKey: () => `action.${op}.api`,
});

export const ACTIONS: Record<SocketAction, ActionDef> = {
  bind: {
    phases: { tcp: ['created'], udp: ['created'] },
    fields: () => ['host', 'port'],
    toCommand: (s, v) => ({ op: 'bind', socket: s.id, address: v.host, port: v.port }),
    toEvents: (s, v) => [{ kind: 'bound', socket: s.id, local: endpoint(v.host, chosen(v.port), s.family) }],
    apiKey: () => 'action.bind.api',
  },
  listen: {
    phases: { tcp: ['created', 'bound'], udp: [] },
    fields: () => ['port', 'backlog'],
    toCommand: (s, v) => ({ op: 'listen', socket: s.id, port: v.port, backlog: v.backlog }),
    toEvents: (s, v) => {
      const local = s.local ?? endpoint(loopback(s.family), chosen(v.port), s.family);
      return [
        { kind: 'bound', socket: s.id, local },
        { kind: 'listening', socket: s.id, local, backlog: v.backlog },
      ];
    },
    apiKey: () => 'action.listen.api',
  },
  connect: {
    phases: { tcp: ['created', 'bound'], udp: ['created', 'bound'] },
    fields: () => ['host', 'port'],
    toCommand: (s, v) => ({ op: 'connect', socket: s.id, host: v.host, port: v.port }),
    toEvents: (s, v) => {
      const { lookup, at } = target(s, v.host, v.port);
      return [...lookup, { kind: 'connecting', socket: s.id, remote: at }];
    },
    apiKey: () => 'action.connect.api',
  },
  send: {
    phases: { tcp: ['connected', 'peer-half-closed'], udp: ['created', 'bound', 'connected'] },
    fields: (s) => (needsDestination(s) ? ['host', 'port', 'message'] : ['message']),
    toCommand: (s, v) =>
      needsDestination(s)
        ? { op: 'send', socket: s.id, data: v.payload, to: { host: v.host, port: v.port } }
        : { op: 'send', socket: s.id, data: v.payload },
    toEvents: (s, v) => {
      const bytes = bytesOf(v.payload);
      const data =
        'text' in v.payload ? { text: v.payload.text, base64: toBase64(bytes) } : { base64: v.payload.base64 };
      const offset = s.proto === 'tcp' ? s.bytesSent : 0;
      const sent = { kind: 'sent' as const, socket: s.id, bytes: bytes.length, offset, data };
      if (!needsDestination(s)) return [sent];
      const { lookup, at } = target(s, v.host, v.port);
      return [...lookup, { ...sent, to: at }];
    },
    apiKey: (s) => (needsDestination(s) ? 'action.send.apiTo' : 'action.send.api'),
  },
  end: simple('end', { tcp: ['connected', 'peer-half-closed'], udp: [] }, (s) => [{ kind: 'ended', socket: s.id }]),
  pause: simple('pause', { tcp: OPEN_TCP, udp: [] }, () => []),
  resume: simple('resume', { tcp: OPEN_TCP, udp: [] }, () => []),
  reset: simple('reset', { tcp: OPEN_TCP, udp: [] }, (s) => [{ kind: 'reset', socket: s.id }]),
  close: simple(
    'close',
    {
      tcp: ['created', 'bound', 'listening', 'connecting', 'connected', 'half-closed', 'peer-half-closed', 'error'],
      udp: ['created', 'bound', 'connected', 'error'],
    },
    (s) => [{ kind: 'closed', socket: s.id, hadError: false }],
  ),
};

/** The order actions are offered in: postcards before connect() (sending is what a mailbox is for). */
export const ALL_ACTIONS: readonly SocketAction[] = [
  'bind',
  'listen',
  'send',
  'connect',
  'end',
  'pause',
  'resume',
  'reset',
  'close',
];

/**
 * The actions that make sense for a socket in its current phase, as the C API
 * allows them: a listening socket only accepts, a half-closed one only hears, a
 * closed one nothing. A socket that carries on after an error (a refused bind,
 * a UDP refusal) offers what its phase before the error offered.
 */
export function actionsFor(s: SocketState): SocketAction[] {
  if (!s.open) return [];
  const phase = s.phase === 'error' && s.phaseBeforeError ? s.phaseBeforeError : s.phase;
  return ALL_ACTIONS.filter((a) => {
    if (a === 'pause' && s.paused) return false;
    if (a === 'resume') return s.paused && ACTIONS.pause.phases[s.proto].includes(phase);
    return ACTIONS[a].phases[s.proto].includes(phase);
  });
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
