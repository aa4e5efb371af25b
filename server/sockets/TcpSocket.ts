import net from 'node:net';
import type { Endpoint, Family } from '../../shared/protocol';
import { BaseSocket } from './BaseSocket';
import { explainErrno } from './errno';
import { endpoint } from './preview';
import { bindTcp, type TcpHandle } from './tcpBind';
import { type CallEnd, TcpConnection } from './TcpConnection';
import { TcpListener } from './TcpListener';
import { badState, done, fail, type KernelKey, type Reply, type SocketEnv } from './types';

const DEFAULT_BACKLOG = 16;

/**
 * A TCP handset. It becomes either a listener (listen) or one end of a call
 * (connect, or accepted by a listener). An explicit `bind` binds a bare TCP
 * handle in the kernel at once (tcpBind.ts) and reports `bound` with the
 * kernel's address; `listen` and `connect` then use that same handle.
 */
export class TcpSocket extends BaseSocket {
  private bound: { handle: TcpHandle; local: Endpoint } | undefined;
  private listener: TcpListener | undefined;
  private conn: TcpConnection | undefined;

  constructor(id: string, family: Family, env: SocketEnv, label?: string, parent?: string) {
    super(id, 'tcp', family, env);
    env.emit({
      kind: 'created',
      socket: id,
      proto: 'tcp',
      family,
      ...(label ? { label } : {}),
      ...(parent ? { parent } : {}),
    });
  }

  /** Wraps a call a listener accepted: `created {parent}` follows the listener's `accepted`. */
  static accepted(id: string, parent: string, conn: net.Socket, env: SocketEnv): TcpSocket {
    const s = new TcpSocket(id, conn.remoteFamily === 'IPv6' ? 6 : 4, env, undefined, parent);
    s.conn = s.wrap(conn, true);
    return s;
  }

  private wrap(sock: net.Socket, accepted: boolean): TcpConnection {
    return new TcpConnection(this.id, sock, this.env, {
      accepted,
      onClose: (end: CallEnd) => {
        const { hadError, linger, ...how } = end;
        this.markClosed(hadError, how, linger);
      },
    });
  }

  unsentBytes(): number {
    return this.conn?.unsentBytes() ?? 0;
  }

  kernelKey(): KernelKey | undefined {
    if (this.isClosed) return undefined;
    const local = this.listener?.endpoint;
    if (local) return { proto: 'tcp', local };
    const sock = this.conn?.sock;
    if (!sock?.localPort || !sock.remotePort || sock.destroyed) return undefined;
    return {
      proto: 'tcp',
      local: { address: sock.localAddress ?? '', port: sock.localPort },
      remote: { address: sock.remoteAddress ?? '', port: sock.remotePort },
    };
  }

  override async bind(address: string | undefined, port: number): Promise<Reply<'bind'>> {
    if (this.bound || this.listener || this.conn)
      return badState('This socket already has a number (it is bound).', 'already-bound');
    const check = this.env.policy.targets.checkBind(address, port, this.family);
    if (!check.ok) return check;
    if (this.isClosed) return badState('This socket is closed.', 'closed');
    const result = bindTcp(check.address, port, this.family);
    if (!result.ok) {
      const message = explainErrno(result.code);
      this.env.emit({ kind: 'error', socket: this.id, code: result.code, syscall: 'bind', message });
      return fail(result.code, message, { syscall: 'bind' });
    }
    this.bound = { handle: result.handle, local: result.local };
    this.env.emit({ kind: 'bound', socket: this.id, local: result.local });
    return done<'bind'>({ local: result.local });
  }

  override async listen(
    address: string | undefined,
    port: number | undefined,
    backlog: number | undefined,
  ): Promise<Reply<'listen'>> {
    if (this.conn)
      return badState('This socket is in a call: only a fresh socket can wait for calls (listen).', 'in-call');
    if (this.listener) return badState('This socket is already listening.', 'already-listening');
    const bound = this.bound;
    let where: { address: string; port: number } | undefined;
    if (bound) {
      // In C, listen() takes no address: a bound socket listens on its own number.
      if (
        (port !== undefined && port !== 0 && port !== bound.local.port) ||
        (address !== undefined && address !== bound.local.address)
      )
        return badState(
          `This socket is already bound to ${bound.local.address}:${bound.local.port}: listen() waits on that number.`,
          'bound-elsewhere',
        );
    } else {
      const check = this.env.policy.targets.checkBind(address, port ?? 0, this.family);
      if (!check.ok) return check;
      where = { address: check.address, port: port ?? 0 };
    }
    const listener = new TcpListener(this.id, this.family, this.env, (conn, local, remote) =>
      this.adopt(conn, local, remote),
    );
    this.listener = listener;
    const outcome = await listener.start(bound ? bound.handle : where!, backlog ?? DEFAULT_BACKLOG);
    // A refused listen (EADDRINUSE…) leaves a fresh socket that may try again, as in C.
    if (!outcome.ok && this.listener === listener) this.listener = undefined;
    return outcome;
  }

  private adopt(conn: net.Socket, local: Endpoint, remote: Endpoint): void {
    const child = this.env.nextId();
    this.env.emit({ kind: 'accepted', socket: this.id, child, local, remote });
    this.env.register(TcpSocket.accepted(child, this.id, conn, this.env));
  }

  override async connect(host: string, port: number): Promise<Reply<'connect'>> {
    if (this.listener) return badState('A listening socket waits for calls; it cannot dial.', 'listening');
    if (this.conn) return badState('This socket is already in a call (or dialling).', 'already-connected');
    const target = await this.checkTarget(host, port, 'tcp');
    if (!target.ok) return target;
    if (this.conn || this.isClosed)
      return badState('This socket changed while the name was being looked up.', 'changed-during-lookup');
    const remote: Endpoint = { address: target.address, port, family: target.family };
    const bound = this.bound;
    // A bound socket dials from its own number: the handle bind() made. `manualStart`: no read before connect.
    const sock = bound
      ? new net.Socket({ handle: bound.handle, allowHalfOpen: true, manualStart: true } as net.SocketConstructorOpts)
      : new net.Socket({ allowHalfOpen: true });
    this.conn = this.wrap(sock, false);
    // Dial the checked IP literal, never the name again (no second lookup).
    sock.connect({ host: target.address, port, family: target.family });
    if (bound) this.env.emit({ kind: 'connecting', socket: this.id, remote, local: bound.local });
    // Node calls the kernel's connect() on the next tick; right after it, the kernel has chosen
    // our local number (the SYN is out), which lets the page draw the call before it is answered.
    else
      process.nextTick(() => {
        const local = kernelLocal(sock);
        this.env.emit({ kind: 'connecting', socket: this.id, remote, ...(local ? { local } : {}) });
      });
    // Like a non-blocking connect(): the reply says the dialling started;
    // `connected` or `error` follows as an event.
    return done<'connect'>({ remote });
  }

  override async send(bytes: Buffer): Promise<Reply<'send'>> {
    if (!this.conn)
      return badState(
        this.listener
          ? 'A listening socket does not talk: its accepted calls do.'
          : 'Not connected: dial first (connect).',
        this.listener ? 'listening' : 'not-connected',
      );
    return this.conn.send(bytes);
  }

  override end(): Reply<'end'> {
    return this.conn ? this.conn.end() : super.end();
  }
  override reset(): Reply<'reset'> {
    return this.conn ? this.conn.reset() : super.reset();
  }
  override pause(): Reply<'pause'> {
    return this.conn ? this.conn.pause() : super.pause();
  }
  override resume(): Reply<'resume'> {
    return this.conn ? this.conn.resume() : super.resume();
  }

  close(): Reply<'close'> {
    if (this.conn) {
      // `closed` comes from Node's 'close' event.
      this.conn.close();
    } else {
      if (this.listener) this.listener.close();
      else this.bound?.handle.close();
      this.markClosed(false);
    }
    return done<'close'>({});
  }

  destroy(): void {
    this.isClosed = true;
    this.conn?.sock.destroy();
    if (this.listener) this.listener.close();
    else if (!this.conn) this.bound?.handle.close();
  }
}

/** The local address the kernel gave a dialling socket, read from its handle (not Node's cached copy). */
function kernelLocal(sock: net.Socket): Endpoint | undefined {
  const handle = (sock as unknown as { _handle?: { getsockname?(out: Record<string, unknown>): number } | null })
    ._handle;
  const out: Record<string, unknown> = {};
  if (!handle?.getsockname || handle.getsockname(out) !== 0) return undefined;
  if (typeof out.address !== 'string' || typeof out.port !== 'number' || out.port === 0) return undefined;
  return endpoint(out.address, out.port, typeof out.family === 'string' ? out.family : undefined);
}
