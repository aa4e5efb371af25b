import type {
  BadStateReason,
  ErrorBody,
  EventInput,
  Family,
  Op,
  Proto,
  Reply,
  ResultOf,
  Target,
} from '../../shared/protocol';
import type { AlloPolicy } from '../policy';

/** What an operation on a socket answers: the protocol's one reply type (its result, or its error). */
export type { Reply };

export const fail = (
  code: ErrorBody['code'],
  message: string,
  extra?: Partial<ErrorBody>,
): { ok: false; error: ErrorBody } => ({
  ok: false,
  error: { code, message, ...extra },
});
export const done = <O extends Op>(result: ResultOf<O>): Reply<O> => ({ ok: true, result });

/**
 * What a socket wrapper may use of its session: the event sink, the policy, and
 * the registry (so a listener can register the calls it accepts).
 */
export interface SocketEnv {
  readonly policy: AlloPolicy;
  /** `at`: the performance.now() of the Node event, when taken before some work (default: now). */
  emit(event: EventInput, at?: number): void;
  /** Allocates the next socket id of this session (s1, s2, …). */
  nextId(): string;
  /** Checks the open-sockets limit for one more socket; an error body when full. */
  roomForSocket(): ErrorBody | undefined;
  register(socket: ManagedSocket): void;
  /**
   * Called once by a socket when it is closed for good; `linger`: a TCP call's
   * 4-tuple, which the kernel may keep for a while (FIN_WAIT2, TIME_WAIT…).
   */
  closed(id: string, linger?: KernelKey): void;
}

/** How the kernel's socket table (/proc/net) names a socket: protocol and endpoints. */
export interface KernelKey {
  proto: Proto;
  local: { address: string; port: number };
  /** Absent for a listener or an unconnected UDP socket. */
  remote?: { address: string; port: number };
}

/** One real socket owned by a session. Ops it does not support answer BAD_STATE. */
export interface ManagedSocket {
  readonly id: string;
  readonly proto: Proto;
  readonly family: Family;
  /** Bytes written that the kernel has not yet taken (for the maxUnsentBytes limit). */
  unsentBytes(): number;
  /** Where to find this socket in the kernel's table, once it has a number. */
  kernelKey(): KernelKey | undefined;
  bind(address: string | undefined, port: number): Promise<Reply<'bind'>>;
  listen(address: string | undefined, port: number | undefined, backlog: number | undefined): Promise<Reply<'listen'>>;
  connect(host: string, port: number): Promise<Reply<'connect'>>;
  send(bytes: Buffer, to: Target | undefined): Promise<Reply<'send'>>;
  end(): Reply<'end'>;
  close(): Reply<'close'>;
  reset(): Reply<'reset'>;
  pause(): Reply<'pause'>;
  resume(): Reply<'resume'>;
  /** Session over: release the OS resources without reporting anything. */
  destroy(): void;
}

/** A BAD_STATE refusal: the English sentence for scripts, and its stable sub-code for the page. */
export const badState = (message: string, reason: BadStateReason) => fail('BAD_STATE', message, { reason });
