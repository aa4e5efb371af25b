import type net from 'node:net';
import type { Endpoint } from '../../shared/protocol';
import { describeError } from './errno';
import { endpoint, preview } from './preview';
import { badState, done, type Outcome, type SocketEnv } from './types';

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

  constructor(
    readonly id: string,
    readonly sock: net.Socket,
    private readonly env: SocketEnv,
    opts: { accepted: boolean; announceBind: boolean; onClose: (hadError: boolean) => void },
  ) {
    this.connected = opts.accepted;
    const { emit } = env;
    const previewBytes = env.policy.limits.previewBytes;
    sock.on('error', (err) => {
      emit({ kind: 'error', socket: id, ...describeError(err, this.connected ? 'read' : 'connect') });
    });
    sock.on('connect', () => {
      this.connected = true;
      const local = this.local();
      // Node binds just before it connects; an explicit bind is reported now that the kernel did it.
      if (opts.announceBind) emit({ kind: 'bound', socket: id, local });
      emit({ kind: 'connected', socket: id, local, remote: this.remote() });
    });
    sock.on('data', (chunk: Buffer) => {
      const at = performance.now(); // the arrival, before the preview is made
      const offset = this.rxOffset;
      this.rxOffset += chunk.byteLength;
      emit({ kind: 'received', socket: id, bytes: chunk.byteLength, offset, data: preview(chunk, previewBytes) }, at);
    });
    sock.on('end', () => emit({ kind: 'peer-ended', socket: id }));
    // 'finish': our FIN has gone out after every queued byte.
    sock.on('finish', () => emit({ kind: 'ended', socket: id }));
    sock.on('close', (hadError) => opts.onClose(hadError));
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

  send(bytes: Buffer): Outcome<'send'> {
    if (!this.connected) return badState('The call is not connected yet: wait for "connected" before sending.');
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.');
    if (this.sock.writableEnded)
      return badState('This side already said goodbye (end, FIN): it can still listen but no longer send.');
    const offset = this.txOffset;
    this.txOffset += bytes.byteLength;
    const data = preview(bytes, this.env.policy.limits.previewBytes);
    // `sent` when the kernel has taken the bytes (the write callback), not when Node queued them.
    this.sock.write(bytes, (err) => {
      if (!err) this.env.emit({ kind: 'sent', socket: this.id, bytes: bytes.byteLength, offset, data });
    });
    return done<'send'>({ bytes: bytes.byteLength });
  }

  end(): Outcome<'end'> {
    if (!this.connected || this.sock.destroyed) return badState('Only a connected call can say goodbye (end, FIN).');
    if (this.sock.writableEnded) return badState('This side already said goodbye (end).');
    this.sock.end();
    return done<'end'>({});
  }

  pause(): Outcome<'pause'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.');
    if (this.sock.isPaused()) return badState('Reading is already paused.');
    this.sock.pause();
    stopKernelReads(this.sock);
    this.env.emit({ kind: 'paused', socket: this.id });
    return done<'pause'>({});
  }

  resume(): Outcome<'resume'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.');
    if (!this.sock.isPaused()) return badState('Reading is not paused.');
    startKernelReads(this.sock);
    this.sock.resume();
    this.env.emit({ kind: 'resumed', socket: this.id });
    return done<'resume'>({});
  }

  reset(): Outcome<'reset'> {
    if (this.sock.destroyed) return badState('This call is over: the socket is closed.');
    // SO_LINGER 0 then close: the kernel sends RST instead of FIN.
    this.sock.resetAndDestroy();
    this.env.emit({ kind: 'reset', socket: this.id });
    return done<'reset'>({});
  }

  close(): void {
    this.sock.destroy();
  }
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
