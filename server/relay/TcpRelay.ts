import net from 'node:net';
import { LinkModel, type ChunkDecision } from '../../shared/compare/decide';
import type { LinkParams } from '../../shared/compare/link';
import type { Endpoint, Family } from '../../shared/protocol';
import { DelayedPipe } from './DelayedPipe';
import { LOOPBACK } from './loopback';

export interface TcpRelayOptions {
  family: Family;
  /** Where the relay dials for each call it accepts: the listening end of the lane. */
  target: Endpoint;
  link: LinkParams;
  /** Called for each chunk of the forward stream when the relay schedules it. */
  onChunk?: (decision: ChunkDecision, bytes: number) => void;
  /** Longest a chunk may wait in the link's queue (limit compareMaxQueueMs). */
  maxQueueMs?: number;
}

/**
 * A TCP relay on real sockets: it accepts one call, dials the target, and
 * carries the caller's bytes on through the degraded link (delayed, throttled,
 * in order); bytes coming back pass unchanged. A user-space relay cannot drop a
 * segment — the kernel has already acknowledged it and would resend anything
 * lost — so TCP over this link arrives complete and in order, only later.
 */
export class TcpRelay {
  private readonly model: LinkModel;
  private pipe: DelayedPipe | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly established: Promise<void>;
  private markEstablished!: () => void;

  private constructor(
    private readonly server: net.Server,
    private readonly opts: TcpRelayOptions,
  ) {
    this.model = new LinkModel(opts.link, opts.maxQueueMs);
    this.established = new Promise((resolve) => (this.markEstablished = resolve));
    server.on('connection', (client) => this.onConnection(client));
  }

  static open(opts: TcpRelayOptions): Promise<TcpRelay> {
    const server = net.createServer({ allowHalfOpen: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: LOOPBACK[opts.family], backlog: 1 }, () => {
        server.off('error', reject);
        resolve(new TcpRelay(server, opts));
      });
    });
  }

  address(): Endpoint {
    const a = this.server.address() as net.AddressInfo;
    return { address: a.address, port: a.port, family: a.family === 'IPv6' ? 6 : 4 };
  }

  /** Resolves when a call has been accepted and the onward call is connected. */
  whenEstablished(): Promise<void> {
    return this.established;
  }

  /** Bytes of the forward stream carried so far and still in the link. */
  get bytesDelivered(): number {
    return this.pipe?.bytesOut ?? 0;
  }
  pending(): number {
    return this.pipe?.pending() ?? 0;
  }
  whenIdle(): Promise<void> {
    return this.pipe?.whenIdle() ?? Promise.resolve();
  }

  close(): void {
    this.pipe?.stop();
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }

  private onConnection(client: net.Socket): void {
    this.track(client);
    // One call per relay: a compare lane is one conversation.
    if (this.pipe) {
      client.destroy();
      return;
    }
    const { target } = this.opts;
    const onward = net.connect({ host: target.address, port: target.port, family: target.family, allowHalfOpen: true });
    this.track(onward);
    this.pipe = new DelayedPipe(client, onward, this.model, this.opts.onChunk);
    onward.once('connect', () => this.markEstablished());
    onward.on('data', (b) => client.write(b));
    onward.on('end', () => client.end());
    // Either side failing ends the call on the other side too.
    const abort = () => {
      client.destroy();
      onward.destroy();
    };
    client.on('error', abort);
    onward.on('error', abort);
    // A clean end travels through the pipe (after the delayed bytes); an abrupt close does not wait.
    client.on('close', (hadError) => hadError && onward.destroy());
    onward.on('close', () => client.destroy());
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }
}
