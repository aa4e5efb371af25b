import net from 'node:net';
import type { Endpoint, Family } from '../../shared/protocol';
import { describeError } from './errno';
import { endpoint } from './preview';
import type { TcpHandle } from './tcpBind';
import { fail, type Reply, type SocketEnv } from './types';

/**
 * A TCP socket waiting by the phone: bind + listen in one Node call, and an
 * automatic accept for every call that comes in. Each accepted call is handed to
 * `adopt` so the session registers it as a socket of its own.
 */
export class TcpListener {
  readonly server: net.Server;
  private local: Endpoint | undefined;
  private closed = false;

  constructor(
    private readonly id: string,
    private readonly family: Family,
    private readonly env: SocketEnv,
    private readonly adopt: (conn: net.Socket, local: Endpoint, remote: Endpoint) => void,
  ) {
    this.server = net.createServer({ allowHalfOpen: true });
    // Reported as events, never thrown: a refused listen (EADDRINUSE) or, rarely, a failed accept.
    this.server.on('error', (err) => {
      env.emit({ kind: 'error', socket: id, ...describeError(err, this.server.listening ? 'accept' : 'listen') });
    });
    this.server.on('connection', (conn) => this.onConnection(conn));
  }

  /**
   * Resolves once the kernel is listening, or with the kernel's refusal. Given
   * an address, it binds first (and reports `bound`); given the handle an
   * explicit bind() made, it listens on that number (already reported).
   */
  start(where: { address: string; port: number } | TcpHandle, backlog: number): Promise<Reply<'listen'>> {
    const { server, env, id } = this;
    const preBound = !('address' in where);
    return new Promise((resolve) => {
      const onError = (err: Error) => {
        server.off('listening', onListening);
        const e = describeError(err, 'listen');
        resolve(fail(e.code, e.message, { syscall: e.syscall }));
      };
      const onListening = () => {
        server.off('error', onError);
        if (this.closed) {
          // Closed while Node was still setting up the listen: do not leave it listening.
          server.close();
          resolve(fail('BAD_STATE', 'The socket was closed before it could listen.', { reason: 'closed' }));
          return;
        }
        const a = server.address() as net.AddressInfo;
        const local = endpoint(a.address, a.port, a.family);
        this.local = local;
        if (!preBound) env.emit({ kind: 'bound', socket: id, local });
        env.emit({ kind: 'listening', socket: id, local, backlog });
        resolve({ ok: true, result: { local } });
      };
      server.once('error', onError);
      server.once('listening', onListening);
      if (preBound) server.listen(where, backlog);
      else server.listen({ host: where.address, port: where.port, backlog, exclusive: true });
    });
  }

  private onConnection(conn: net.Socket): void {
    // An 'error' listener from the first moment: a peer may reset before we look.
    conn.on('error', () => {});
    const full = this.env.roomForSocket();
    if (full) {
      // Over the limit: refuse the call the way a kernel would, with a reset.
      conn.resetAndDestroy();
      this.env.emit({ kind: 'error', socket: this.id, code: 'LIMIT', syscall: 'accept', message: full.message });
      return;
    }
    const local = endpoint(conn.localAddress, conn.localPort, conn.localFamily);
    const remote = endpoint(conn.remoteAddress, conn.remotePort, conn.remoteFamily);
    this.adopt(conn, local, remote);
  }

  /**
   * Stops accepting. The calls already accepted stay open, as in C; Node's own
   * 'close' would wait for them, so `closed` is reported now that the
   * listening socket itself is gone.
   */
  close(): void {
    this.closed = true;
    if (this.server.listening) this.server.close();
  }

  get endpoint(): Endpoint | undefined {
    return this.local;
  }
}
