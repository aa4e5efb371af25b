import { assertNever, type Command, type ErrorBody, type Op, type Payload } from '../../shared/protocol';
import { checkSendBytes, checkSocketCount, checkUnsentBytes } from '../policy/limits';
import { lookupService } from '../net/services';
import { describeError } from './errno';
import type { SocketRegistry } from './SocketRegistry';
import { TcpSocket } from './TcpSocket';
import { UdpSocket } from './UdpSocket';
import type { CompareDesk } from '../compare';
import { done, fail, type ManagedSocket, type Reply, type SocketEnv } from './types';

export type SessionCommand = Exclude<Command, { op: 'hello' }>;

/** Where a command runs: the session's registry and its socket environment. */
export interface OperationContext {
  readonly registry: SocketRegistry;
  readonly env: SocketEnv;
  /** The session's compare runs (absent where compare is not offered, e.g. inside a compare's own namespace). */
  readonly compares?: CompareDesk;
}

/**
 * Runs one command of a session on real sockets. Every path returns exactly
 * one outcome, which becomes the command's reply.
 */
export async function runOperation(cmd: SessionCommand, ctx: OperationContext): Promise<Reply<Op>> {
  const { registry, env } = ctx;
  const limits = env.policy.limits;
  const on = async <O extends Op>(
    id: string,
    f: (s: ManagedSocket) => Reply<O> | Promise<Reply<O>>,
  ): Promise<Reply<O>> => {
    const s = registry.get(id);
    // A foreign id and a nonexistent one get the very same answer.
    if (s === undefined) return fail('NOT_FOUND', `There is no socket "${id}" in this session.`);
    if (s === 'closed') return fail('BAD_STATE', `Socket ${id} is closed: pick up a new one.`, { reason: 'closed' });
    return f(s);
  };

  switch (cmd.op) {
    case 'lookup': {
      try {
        const addresses = await env.policy.resolve(cmd.host);
        env.emit({ kind: 'lookup', host: cmd.host, addresses });
        return done<'lookup'>({ host: cmd.host, addresses });
      } catch (err) {
        const e = describeError(err, 'getaddrinfo');
        return fail('LOOKUP_FAILED', `${e.message} (${e.code})`, { syscall: e.syscall, reason: 'not-found' });
      }
    }
    case 'service': {
      const entry = lookupService(cmd.name, cmd.proto);
      if (!entry)
        return fail(
          'LOOKUP_FAILED',
          `No service called "${cmd.name}" over ${cmd.proto} in /etc/services or the built-in table.`,
          { reason: 'no-service' },
        );
      env.emit({ kind: 'service', name: cmd.name, proto: cmd.proto, port: entry.port, source: entry.source });
      return done<'service'>({ name: cmd.name, proto: cmd.proto, port: entry.port, source: entry.source });
    }
    case 'socket': {
      const full = checkSocketCount(registry.openCount, limits);
      if (full) return { ok: false, error: full };
      const id = registry.nextId();
      const s =
        cmd.proto === 'tcp'
          ? new TcpSocket(id, cmd.family, env, cmd.label)
          : new UdpSocket(id, cmd.family, env, cmd.label);
      registry.add(s);
      return done<'socket'>({ socket: id });
    }
    case 'bind':
      return on(cmd.socket, (s) => s.bind(cmd.address, cmd.port));
    case 'listen':
      return on(cmd.socket, (s) => s.listen(cmd.address, cmd.port, cmd.backlog));
    case 'connect':
      return on(cmd.socket, (s) => s.connect(cmd.host, cmd.port));
    case 'send':
      return on(cmd.socket, (s) => {
        const bytes = decode(cmd.data);
        const refused: ErrorBody | undefined =
          checkSendBytes(bytes.byteLength, limits) ??
          checkUnsentBytes(registry.unsentBytes(), bytes.byteLength, limits);
        if (refused) return { ok: false, error: refused };
        return s.send(bytes, cmd.to);
      });
    case 'end':
      return on(cmd.socket, (s) => s.end());
    case 'close':
      return on(cmd.socket, (s) => s.close());
    case 'reset':
      return on(cmd.socket, (s) => s.reset());
    case 'pause':
      return on(cmd.socket, (s) => s.pause());
    case 'resume':
      return on(cmd.socket, (s) => s.resume());
    case 'compare':
      return ctx.compares
        ? ctx.compares.start(cmd)
        : fail('BAD_STATE', 'A compare run cannot start another one.', { reason: 'compare-nested' });
    case 'compare-stop':
      return ctx.compares ? ctx.compares.stop(cmd) : fail('NOT_FOUND', `There is no compare run "${cmd.run}" here.`);
    case 'class-join':
    case 'class-rename':
    case 'class-remove':
    case 'class-end':
    case 'class-freeze':
    case 'class-spotlight':
    case 'publish':
    case 'unpublish':
    case 'directory-lookup':
      // In class mode the session's class answers these before they get here (server/class).
      return fail(
        'NOT_IN_CLASS',
        'This server runs no class: start it with --class to join, publish or look up a name.',
      );
    default:
      return assertNever(cmd);
  }
}

function decode(data: Payload): Buffer {
  return 'text' in data ? Buffer.from(data.text, 'utf8') : Buffer.from(data.base64, 'base64');
}
