import type net from 'node:net';
import type { CloseCause, Endpoint } from '../../shared/protocol';
import { findKernelSocket, readKernelSocketsSync } from '../kernel';
import { describeError } from './errno';
import { endpoint, preview } from './preview';
import { badState, done, type KernelKey, type Reply, type SocketEnv } from './types';

/** How a call ended: why, and what its close() put on the wire. */
export interface CallEnd {
  hadError: boolean;
  cause: CloseCause;
  fin?: boolean;
  rst?: boolean;
  /** The call's 4-tuple, which the kernel may keep after close (FIN_WAIT2, TIME_WAIT…). */
  linger?: KernelKey;
}

/**
 * A TCP call in progress (dialled or accepted), instrumented so that each Node
 * event becomes exactly one protocol event. Byte counters per direction give the
 * stream `offset` of every chunk, which pairs what one side sent with what the
 * other received however the kernel merged or split it.
 */
export class TcpConnection {
  private txOffset = 0;
  private rxOffset = 0;
  private connected: boolean;
  /** The user asked to hang up (close) or slam down (reset). */
  private closeAsked: 'close' | 'reset' | undefined;
  /** What the user's close() put on the wire, learnt just before it. */
  private closeSent: { fin?: boolean; rst?: boolean } = {};
  /** Our FIN went out (Node's 'finish'): a later close() sends no second one. */
  private finOut = false;
  /** The program read the end of the stream (the peer's FIN): the kernel's receive queue no longer counts it. */
  private finRead = false;
  private errorCode: string | undefined;
  private tuple: KernelKey | undefined;

  constructor(
    readonly id: string,
    readonly sock: net.Socket,
    private readonly env: SocketEnv,
    opts: { accepted: boolean; onClose: (end: CallEnd) => void },
  ) {
    this.connected = opts.accepted;
    if (opts.accepted) this.rememberTuple();
    const { emit } = env;
    const previewBytes = env.policy.limits.previewBytes;
    sock.on('error', (err) => {
      const e = describeError(err, this.connected ? 'read' : 'connect');
      this.errorCode ??= e.code;
      emit({ kind: 'error', socket: id, ...e });
    });
    sock.on('connect', () => {
      this.connected = true;
      this.rememberTuple();
      const local = this.local();
      emit({ kind: 'connected', socket: id, local, remote: this.remote() });
    });
    sock.on('data', (chunk: Buffer) => {
      const at = performance.now(); // the arrival, before the preview is made
      const offset = this.rxOffset;
      this.rxOffset += chunk.byteLength;
      emit({ kind: 'received', socket: id, bytes: chunk.byteLength, offset, data: preview(chunk, previewBytes) }, at);
    });
    sock.on('end', () => {
      this.finRead = true;
      emit({ kind: 'peer-ended', socket: id });
    });
    // 'finish': our FIN has gone out after every queued byte.
    sock.on('finish', () => {
      this.finOut = true;
      emit({ kind: 'ended', socket: id });
    });
    sock.on('close', (hadError) => opts.onClose(this.ending(hadError)));
  }

  /** Why the socket closed, from what the user asked and what Node and the kernel said. */
  private ending(hadError: boolean): CallEnd {
    const cause: CloseCause = this.closeAsked
      ? 'user'
      : this.errorCode === 'ECONNRESET'
        ? 'peer-reset'
        : hadError || this.errorCode
          ? 'error'
          : // allowHalfOpen lets each direction end on its own; once both have, Node destroys the socket itself.
            'node';
    return { hadError, cause, ...this.closeSent, ...(this.tuple ? { linger: this.tuple } : {}) };
  }

  private rememberTuple(): void {
    const { localAddress, localPort, remoteAddress, remotePort } = this.sock;
    if (localAddress && localPort && remoteAddress && remotePort)
      this.tuple = {
        proto: 'tcp',
        local: { address: localAddress, port: localPort },
        remote: { address: remoteAddress, port: remotePort },
      };
  }

  local(): Endpoint {
    return endpoint(this.sock.localAddress, this.sock.localPort, this.sock.localFamily);
  }
  remote(): Endpoint {
    return endpoint(this.sock.remoteAddress, this.sock.remotePort, this.sock.remoteFamily);
  }

  unsentBytes(): number {
    return this.sock.writableLength;
  }

  send(bytes: Buffer): Reply<'send'> {
    if (!this.connected)
      return badState('The call is not connected yet: wait for "connected" before sending.', 'not-connected');
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.', 'closed');
    if (this.sock.writableEnded)
      return badState('This side already said goodbye (end, FIN): it can still listen but no longer send.', 'said-bye');
    const offset = this.txOffset;
    this.txOffset += bytes.byteLength;
    const data = preview(bytes, this.env.policy.limits.previewBytes);
    // `sent` when the kernel has taken the bytes (the write callback), not when Node queued them.
    this.sock.write(bytes, (err) => {
      if (!err) this.env.emit({ kind: 'sent', socket: this.id, bytes: bytes.byteLength, offset, data });
    });
    return done<'send'>({ bytes: bytes.byteLength });
  }

  end(): Reply<'end'> {
    if (!this.connected || this.sock.destroyed)
      return badState('Only a connected call can say goodbye (end, FIN).', 'not-connected');
    if (this.sock.writableEnded) return badState('This side already said goodbye (end).', 'said-bye');
    this.sock.end();
    return done<'end'>({});
  }

  pause(): Reply<'pause'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.', 'closed');
    if (this.sock.isPaused()) return badState('Reading is already paused.', 'already-paused');
    this.sock.pause();
    stopKernelReads(this.sock);
    this.env.emit({ kind: 'paused', socket: this.id });
    return done<'pause'>({});
  }

  resume(): Reply<'resume'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.', 'closed');
    if (!this.sock.isPaused()) return badState('Reading is not paused.', 'not-paused');
    startKernelReads(this.sock);
    this.sock.resume();
    this.env.emit({ kind: 'resumed', socket: this.id });
    return done<'resume'>({});
  }

  reset(): Reply<'reset'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.', 'closed');
    this.closeAsked = 'reset';
    this.closeSent = { rst: true };
    // SO_LINGER 0 then close: the kernel sends RST instead of FIN.
    this.sock.resetAndDestroy();
    this.env.emit({ kind: 'reset', socket: this.id });
    return done<'reset'>({});
  }

  /**
   * close(): the kernel sends FIN if this side had not said goodbye yet, or RST
   * instead when bytes it received are still unread in its receive queue
   * (RFC 2525 §2.17) — read from the kernel's own table just before.
   */
  close(): void {
    if (!this.closeAsked && !this.sock.destroyed) {
      this.closeAsked = 'close';
      if (this.connected && this.tuple) {
        const unread = unreadInKernel(this.tuple, this.finRead);
        if (unread > 0) this.closeSent = { rst: true };
        else if (!this.finOut) this.closeSent = { fin: true };
      }
    }
    this.sock.destroy();
  }
}

/** States in which the peer's FIN has reached this socket's kernel. */
const FIN_RECEIVED = new Set(['CLOSE_WAIT', 'CLOSING', 'LAST_ACK']);

/**
 * Bytes the kernel received for this call that the program has not read (0 when the table says nothing).
 * The table's receive queue is rcv_nxt − copied_seq, and a FIN takes one sequence number: until the program
 * reads the end of the stream it counts there, but it is no data, and the kernel's close() does not count it
 * (tcp_close's data_was_unread). So a FIN not yet read is taken off, lest a plain goodbye be told as an RST.
 */
function unreadInKernel(tuple: KernelKey, finRead: boolean): number {
  const { sockets } = readKernelSocketsSync({ proto: 'tcp' });
  const k = findKernelSocket(sockets, tuple.local, tuple.remote, 'tcp');
  if (!k) return 0;
  return Math.max(0, k.rxQueue - (FIN_RECEIVED.has(k.state) && !finRead ? 1 : 0));
}

/** The part of Node's internal TCP handle that starts and stops reading (libuv read_start/read_stop). */
interface ReadingHandle {
  reading: boolean;
  readStop(): number;
  readStart(): number;
}

const handleOf = (sock: net.Socket) => (sock as unknown as { _handle?: ReadingHandle | null })._handle;

/**
 * A paused net.Socket would otherwise keep reading from the kernel into its own
 * buffer (up to highWaterMark) and later replay those reads as separate chunks:
 * neither the kernel's queues nor the merging of sends would show. So pause stops
 * the kernel reads right away, and resume restarts them, exactly as Node's own
 * pause()/resume() do for sockets created with `onread` (lib/net.js).
 */
function stopKernelReads(sock: net.Socket): void {
  const handle = handleOf(sock);
  if (handle?.reading && typeof handle.readStop === 'function') {
    handle.reading = false;
    handle.readStop();
  }
}

function startKernelReads(sock: net.Socket): void {
  const handle = handleOf(sock);
  if (handle && !handle.reading && !sock.destroyed && typeof handle.readStart === 'function') {
    handle.reading = true;
    const err = handle.readStart();
    if (err) sock.destroy(Object.assign(new Error(`read failed (${err})`), { syscall: 'read' }));
  }
}
