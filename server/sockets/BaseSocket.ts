import type { CloseCause, Family, Proto, Target } from '../../shared/protocol';
import { badState, type KernelKey, type ManagedSocket, type Reply, type SocketEnv } from './types';

/**
 * Shared shape of every socket wrapper: its identity, its session environment,
 * and a BAD_STATE answer for each operation the concrete kind does not support.
 */
export abstract class BaseSocket implements ManagedSocket {
  protected isClosed = false;
  constructor(
    readonly id: string,
    readonly proto: Proto,
    readonly family: Family,
    protected readonly env: SocketEnv,
  ) {}

  abstract unsentBytes(): number;
  abstract kernelKey(): KernelKey | undefined;
  abstract close(): Reply<'close'>;
  abstract destroy(): void;

  async bind(_address: string | undefined, _port: number): Promise<Reply<'bind'>> {
    return badState('This socket cannot be bound now.', 'not-now');
  }
  async listen(_a: string | undefined, _p: number | undefined, _b: number | undefined): Promise<Reply<'listen'>> {
    return badState('This socket cannot listen.', 'not-now');
  }
  async connect(_host: string, _port: number): Promise<Reply<'connect'>> {
    return badState('This socket cannot dial now.', 'not-now');
  }
  async send(_bytes: Buffer, _to: Target | undefined): Promise<Reply<'send'>> {
    return badState('This socket cannot send now.', 'not-now');
  }
  end(): Reply<'end'> {
    return badState('Only a connected TCP socket can say goodbye (end, FIN).', 'tcp-call-only');
  }
  reset(): Reply<'reset'> {
    return badState('Only a connected TCP socket can be reset (RST).', 'tcp-call-only');
  }
  pause(): Reply<'pause'> {
    return badState('Only a connected TCP socket can pause reading.', 'tcp-call-only');
  }
  resume(): Reply<'resume'> {
    return badState('Only a connected TCP socket can resume reading.', 'tcp-call-only');
  }

  /**
   * The target policy for this socket's family; a host NAME is looked up first,
   * as a C program calls getaddrinfo() before connect()/sendto(), and that
   * lookup is announced as this socket's own `lookup` event (every address the
   * resolver gave, before the policy judges them).
   */
  protected checkTarget(host: string, port: number, proto: 'tcp' | 'udp') {
    return this.env.policy.targets.checkTarget(host, port, this.family, proto, (addresses) =>
      this.env.emit({ kind: 'lookup', socket: this.id, host, addresses }),
    );
  }

  /**
   * Reports `closed` once, with its cause and what the close put on the wire,
   * and leaves the registry; `linger` is the 4-tuple the kernel may still hold
   * (FIN_WAIT2, TIME_WAIT…) after the program let go of it.
   */
  protected markClosed(
    hadError: boolean,
    how: { cause: CloseCause; fin?: boolean; rst?: boolean } = { cause: 'user' },
    linger?: KernelKey,
  ): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.env.emit({ kind: 'closed', socket: this.id, hadError, ...how });
    this.env.closed(this.id, linger);
  }
}
