import type { CloseCause, Family, Proto, Target } from '../../shared/protocol';
import { badState, type KernelKey, type ManagedSocket, type Outcome, type SocketEnv } from './types';

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
  abstract close(): Outcome<'close'>;
  abstract destroy(): void;

  async bind(_address: string | undefined, _port: number): Promise<Outcome<'bind'>> {
    return badState('This socket cannot be bound now.');
  }
  async listen(_a: string | undefined, _p: number | undefined, _b: number | undefined): Promise<Outcome<'listen'>> {
    return badState('This socket cannot listen.');
  }
  async connect(_host: string, _port: number): Promise<Outcome<'connect'>> {
    return badState('This socket cannot dial now.');
  }
  async send(_bytes: Buffer, _to: Target | undefined): Promise<Outcome<'send'>> {
    return badState('This socket cannot send now.');
  }
  end(): Outcome<'end'> {
    return badState('Only a connected TCP socket can say goodbye (end, FIN).');
  }
  reset(): Outcome<'reset'> {
    return badState('Only a connected TCP socket can be reset (RST).');
  }
  pause(): Outcome<'pause'> {
    return badState('Only a connected TCP socket can pause reading.');
  }
  resume(): Outcome<'resume'> {
    return badState('Only a connected TCP socket can resume reading.');
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
