import dgram from 'node:dgram';
import type { Endpoint, Family, Target } from '../../shared/protocol';
import { BaseSocket } from './BaseSocket';
import { describeError, explainUdpErrno } from './errno';
import { endpoint, preview } from './preview';
import { crossFamilyReason, isMapped, udpMaxPayload } from '../policy/udpRoutes';
import { badState, done, fail, type KernelKey, type Reply, type SocketEnv } from './types';

/**
 * A UDP socket: postcards, no call. Node binds implicitly on connect/send to
 * 0.0.0.0; the policy only allows loopback binds, so this wrapper binds
 * explicitly (to the policy's default address) before either.
 */
export class UdpSocket extends BaseSocket {
  private readonly sock: dgram.Socket;
  private binding: Promise<Reply<'bind'>> | undefined;
  private remote: Endpoint | undefined;
  private closing = false;
  private bound = false;
  private connected = false;

  constructor(id: string, family: Family, env: SocketEnv, label?: string) {
    super(id, 'udp', family, env);
    this.sock = dgram.createSocket({ type: family === 6 ? 'udp6' : 'udp4' });
    const { sock } = this;
    const previewBytes = env.policy.limits.previewBytes;
    // Errors arrive here too for a connected socket whose peer port is closed
    // (ICMP port unreachable → ECONNREFUSED on recvmsg); the socket stays usable.
    sock.on('error', (err) => {
      const e = describeError(err, 'recvmsg');
      env.emit({ kind: 'error', socket: id, ...e, message: explainUdpErrno(e.code, e.message) });
    });
    sock.on('listening', () => {
      this.bound = true;
      env.emit({ kind: 'bound', socket: id, local: this.local() });
    });
    sock.on('connect', () => {
      this.connected = true;
      if (this.remote) env.emit({ kind: 'connected', socket: id, local: this.local(), remote: this.remote });
    });
    sock.on('message', (msg, rinfo) => {
      const at = performance.now();
      const from = endpoint(rinfo.address, rinfo.port, rinfo.family);
      env.emit(
        { kind: 'received', socket: id, bytes: msg.byteLength, offset: 0, data: preview(msg, previewBytes), from },
        at,
      );
    });
    sock.on('close', () => this.markClosed(false));
    env.emit({ kind: 'created', socket: id, proto: 'udp', family, ...(label ? { label } : {}) });
  }

  private local(): Endpoint {
    try {
      const a = this.sock.address();
      return endpoint(a.address, a.port, a.family);
    } catch {
      // Closed in the meantime (address() throws then): no number any more.
      return { address: '', port: 0, family: this.family };
    }
  }

  kernelKey(): KernelKey | undefined {
    if (!this.bound || this.closing) return undefined;
    const { address, port } = this.local();
    const connected = this.remote && this.connected;
    return {
      proto: 'udp',
      local: { address, port },
      ...(connected ? { remote: { address: this.remote!.address, port: this.remote!.port } } : {}),
    };
  }

  unsentBytes(): number {
    return this.binding ? this.sock.getSendQueueSize() : 0;
  }

  override bind(address: string | undefined, port: number): Promise<Reply<'bind'>> {
    if (this.closing) return Promise.resolve(badState('This socket is closed.', 'closed'));
    if (this.binding)
      return Promise.resolve(badState('This socket already has a number (it is bound).', 'already-bound'));
    const check = this.env.policy.targets.checkBind(address, port, this.family);
    if (!check.ok) return Promise.resolve(check);
    const binding = new Promise<Reply<'bind'>>((resolve) => {
      const onError = (err: Error) => {
        this.sock.off('listening', onListening);
        const e = describeError(err, 'bind');
        // The 'error' listener above has already reported it as an event.
        this.binding = undefined;
        resolve(fail(e.code, e.message, { syscall: e.syscall }));
      };
      const onListening = () => {
        this.sock.off('error', onError);
        resolve(done<'bind'>({ local: this.local() }));
      };
      this.sock.once('error', onError);
      this.sock.once('listening', onListening);
      this.sock.bind({ address: check.address, port, exclusive: true });
    });
    this.binding = binding;
    return binding;
  }

  /**
   * Before connect/send: a loopback bind unless the socket already has a number.
   * An IPv6 socket headed for IPv4 loopback written as IPv6 (`::ffff:127.0.0.1`)
   * gets the IPv4 loopback as its number, as the kernel would pick for a C
   * program's unbound dual-stack socket; bound to ::1 it could not reach it.
   * Then the route is checked: an IPv6 socket's number must be of the kind of
   * its target (both mapped IPv4, or both IPv6), else the kernel says ENETUNREACH.
   */
  private async ensureBound(target: string, syscall: string): Promise<Reply<'bind'>> {
    const bound = await (this.binding ??
      this.bind(this.family === 6 && isMapped(target) ? '::ffff:127.0.0.1' : undefined, 0));
    if (!bound.ok || this.family !== 6) return bound;
    const why = crossFamilyReason(bound.result.local.address, target);
    return why ? fail('ENETUNREACH', why, { syscall }) : bound;
  }

  override async connect(host: string, port: number): Promise<Reply<'connect'>> {
    if (this.remote)
      return badState('This UDP socket already has a default peer (it is connected).', 'already-connected');
    const target = await this.checkTarget(host, port, 'udp');
    if (!target.ok) return target;
    const bound = await this.ensureBound(target.address, 'connect');
    if (!bound.ok) return bound;
    if (this.remote || this.isClosed || this.closing)
      return badState('This socket changed while the name was being looked up.', 'changed-during-lookup');
    const remote: Endpoint = { address: target.address, port, family: target.family };
    this.remote = remote;
    this.env.emit({ kind: 'connecting', socket: this.id, remote });
    return new Promise((resolve) => {
      // Node calls this with the error when connect fails (typed as () => void).
      const after = (err?: Error) => {
        if (err) {
          this.remote = undefined;
          const e = describeError(err, 'connect');
          // With a callback, Node reports a failed connect there only, not as 'error'.
          this.env.emit({ kind: 'error', socket: this.id, ...e });
          resolve(fail(e.code, e.message, { syscall: e.syscall }));
        } else {
          resolve(done<'connect'>({ local: this.local(), remote }));
        }
      };
      this.sock.connect(port, target.address, after as () => void);
    });
  }

  override async send(bytes: Buffer, to: Target | undefined): Promise<Reply<'send'>> {
    if (this.isClosed || this.closing) return badState('This socket is closed.', 'closed');
    let dest: Endpoint | undefined;
    if (to) {
      if (this.remote)
        return badState('A connected UDP socket only sends to its default peer: leave out `to`.', 'connected-sendto');
      const target = await this.checkTarget(to.host, to.port, 'udp');
      if (!target.ok) return target;
      dest = { address: target.address, port: to.port, family: target.family };
    } else if (!this.remote) {
      return badState('No default peer: connect this UDP socket first, or give `to` (sendto).', 'no-peer');
    }
    const peer = dest ?? this.remote!;
    const syscall = dest ? 'sendto' : 'send';
    const max = udpMaxPayload(peer.address, this.family);
    if (bytes.byteLength > max) {
      // Said now rather than as an `error` event after an `ok`: the kernel would refuse it anyway.
      return fail(
        'EMSGSIZE',
        `A UDP datagram to ${peer.address} carries at most ${max} bytes (65,535 minus the IP and UDP headers); this one has ${bytes.byteLength}. Send it in smaller postcards, or use TCP.`,
        { syscall },
      );
    }
    const bound = await this.ensureBound(peer.address, syscall);
    if (!bound.ok) return bound;
    const data = preview(bytes, this.env.policy.limits.previewBytes);
    const { env, id } = this;
    // The reply waits for the kernel's answer (sendmsg returns at once for UDP),
    // so a datagram it refuses is an error reply, not an `ok` and then an error.
    return new Promise((resolve) => {
      const onSent = (err: Error | null) => {
        if (err) {
          const e = describeError(err, syscall);
          env.emit({ kind: 'error', socket: id, ...e });
          resolve(fail(e.code, e.message, { syscall: e.syscall }));
          return;
        }
        env.emit({ kind: 'sent', socket: id, bytes: bytes.byteLength, offset: 0, data, ...(dest ? { to: dest } : {}) });
        resolve(done<'send'>({ bytes: bytes.byteLength }));
      };
      if (dest) this.sock.send(bytes, dest.port, dest.address, onSent);
      else this.sock.send(bytes, onSent);
    });
  }

  override listen(): Promise<Reply<'listen'>> {
    return Promise.resolve(
      badState('UDP has no calls to wait for: bind the socket and postcards simply arrive.', 'udp-listen'),
    );
  }

  close(): Reply<'close'> {
    if (this.closing) return badState('This socket is already closing.', 'closed');
    this.closing = true;
    this.sock.close();
    return done<'close'>({});
  }

  destroy(): void {
    this.isClosed = true;
    if (!this.closing) this.sock.close();
    this.closing = true;
  }
}
