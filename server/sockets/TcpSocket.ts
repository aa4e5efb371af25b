import net from 'node:net';
import type { Endpoint, Family } from '../../shared/protocol';
import { BaseSocket } from './BaseSocket';
import { TcpConnection } from './TcpConnection';
import { TcpListener } from './TcpListener';
import { badState, done, type KernelKey, type Outcome, type SocketEnv } from './types';

const DEFAULT_BACKLOG = 16;

/**
 * A TCP handset. It becomes either a listener (listen) or one end of a call
 * (connect, or accepted by a listener). Node cannot bind a TCP socket on its
 * own: an explicit `bind` is checked by the policy and remembered, and the
 * kernel binds it in `listen` or `connect`, where `bound` is reported.
 */
export class TcpSocket extends BaseSocket {
  private bindTo: { address: string; port: number } | undefined;
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
    s.conn = s.wrap(conn, true, false);
    return s;
  }

  private wrap(sock: net.Socket, accepted: boolean, announceBind: boolean): TcpConnection {
    return new TcpConnection(this.id, sock, this.env, {
      accepted,
      announceBind,
      onClose: (hadError) => this.markClosed(hadError),
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

  override async bind(address: string | undefined, port: number): Promise<Outcome<'bind'>> {
    if (this.bindTo || this.listener || this.conn) return badState('This socket already has a number (it is bound).');
    const check = this.env.policy.targets.checkBind(address, port, this.family);
    if (!check.ok) return check;
    this.bindTo = { address: check.address, port };
    return done<'bind'>({ local: { address: check.address, port, family: this.family } });
  }

  override async listen(
    address: string | undefined,
    port: number | undefined,
    backlog: number | undefined,
  ): Promise<Outcome<'listen'>> {
    if (this.conn) return badState('This socket is in a call: only a fresh socket can wait for calls (listen).');
    if (this.listener) return badState('This socket is already listening.');
    let where = this.bindTo;
    if (!where || address !== undefined || port !== undefined) {
      const check = this.env.policy.targets.checkBind(address ?? where?.address, port ?? where?.port ?? 0, this.family);
      if (!check.ok) return check;
      where = { address: check.address, port: port ?? where?.port ?? 0 };
    }
    const listener = new TcpListener(this.id, this.family, this.env, (conn, local, remote) =>
      this.adopt(conn, local, remote),
    );
    this.listener = listener;
    const outcome = await listener.start(where.address, where.port, backlog ?? DEFAULT_BACKLOG);
    // A refused listen (EADDRINUSE…) leaves a fresh socket that may try again, as in C.
    if (!outcome.ok && this.listener === listener) this.listener = undefined;
    return outcome;
  }

  private adopt(conn: net.Socket, local: Endpoint, remote: Endpoint): void {
    const child = this.env.nextId();
    this.env.emit({ kind: 'accepted', socket: this.id, child, local, remote });
    this.env.register(TcpSocket.accepted(child, this.id, conn, this.env));
  }

  override async connect(host: string, port: number): Promise<Outcome<'connect'>> {
    if (this.listener) return badState('A listening socket waits for calls; it cannot dial.');
    if (this.conn) return badState('This socket is already in a call (or dialling).');
    const target = await this.env.policy.targets.checkTarget(host, port, this.family);
    if (!target.ok) return target;
    if (this.conn || this.isClosed) return badState('This socket changed while the name was being looked up.');
    const remote: Endpoint = { address: target.address, port, family: target.family };
    const sock = new net.Socket({ allowHalfOpen: true });
    this.conn = this.wrap(sock, false, this.bindTo !== undefined);
    this.env.emit({ kind: 'connecting', socket: this.id, remote });
    // Dial the checked IP literal, never the name again (no second lookup).
    sock.connect({
      host: target.address,
      port,
      family: target.family,
      ...(this.bindTo ? { localAddress: this.bindTo.address, localPort: this.bindTo.port } : {}),
    });
    // Like a non-blocking connect(): the reply says the dialling started;
    // `connected` or `error` follows as an event.
    return done<'connect'>({ remote });
  }

  override async send(bytes: Buffer): Promise<Outcome<'send'>> {
    if (!this.conn)
      return badState(
        this.listener
          ? 'A listening socket does not talk: its accepted calls do.'
          : 'Not connected: dial first (connect).',
      );
    return this.conn.send(bytes);
  }

  override end(): Outcome<'end'> {
    return this.conn ? this.conn.end() : super.end();
  }
  override reset(): Outcome<'reset'> {
    return this.conn ? this.conn.reset() : super.reset();
  }
  override pause(): Outcome<'pause'> {
    return this.conn ? this.conn.pause() : super.pause();
  }
  override resume(): Outcome<'resume'> {
    return this.conn ? this.conn.resume() : super.resume();
  }

  close(): Outcome<'close'> {
    if (this.conn) {
      // `closed` comes from Node's 'close' event.
      this.conn.close();
    } else {
      this.listener?.close();
      this.markClosed(false);
    }
    return done<'close'>({});
  }

  destroy(): void {
    this.isClosed = true;
    this.conn?.sock.destroy();
    this.listener?.close();
  }
}
