import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Limits } from '../../shared/limits';
import {
  assertNever,
  CloseCodes,
  type CommandId,
  type ErrorBody,
  PROTOCOL_VERSION,
  type ReplyFrame,
  type WelcomeFrame,
} from '../../shared/protocol';
import type { Classroom } from '../class/Classroom';
import type { Logger } from '../log';
import { CommandBucket } from '../policy/limits';
import type { Session, SessionOwner } from '../sessions/Session';
import type { SessionManager } from '../sessions/SessionManager';
import { parseFrame, readFrameId } from './frames';

export interface ConnectionDeps {
  sessions: SessionManager;
  /** The `server` part of `welcome`. */
  serverInfo: () => WelcomeFrame['server'];
  limits: Limits;
  /** clientKey of the remote address. */
  client: string;
  log: Logger;
  /** Logs at most once a second per key. */
  logThrottled: (key: string, write: (suppressed: number) => void) => void;
  /** Class mode (`--class`): the class every new session enters, as a guest or (with the secret) the teacher. */
  classroom?: Classroom;
}

/**
 * A connection's lifecycle: it waits for `hello` (holding a place in the
 * server, for helloTimeoutMs at most), then holds one session, until another
 * connection resumes that session and this one is evicted (it only says so
 * until it is closed).
 */
export type ConnectionState =
  | { phase: 'awaiting-hello'; timer: NodeJS.Timeout; releasePlace: () => void }
  | { phase: 'attached'; session: Session }
  | { phase: 'evicted' };

/** The TCP socket under a ws WebSocket (ws's `_socket`), if it has one. */
const rawSocket = (ws: WebSocket): Socket | undefined => (ws as unknown as { _socket?: Socket })._socket;

const errorReply = (id: CommandId | null, error: ErrorBody): ReplyFrame => ({ type: 'reply', id, ok: false, error });

/**
 * One WebSocket: parses every frame at the edge, answers every command exactly
 * once, and owns at most one session (from `hello` on). Bad frames get an error
 * reply and the session carries on; they count against maxCommandsPerSecond
 * like commands, so a flood of garbage is answered no faster than real work.
 */
export function handleConnection(ws: WebSocket, deps: ConnectionDeps): void {
  const { sessions, limits, client, log } = deps;
  /** The command rate of this connection while it has no session (before hello, after eviction). */
  const ownBucket = new CommandBucket(limits);
  const bucket = () => (state.phase === 'attached' ? state.session.bucket : ownBucket);

  const owner: SessionOwner = {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data, cb) => ws.send(data, cb),
    // ws keeps its net.Socket to itself; corking it lets frames sent together leave in one write.
    cork: () => rawSocket(ws)?.cork(),
    uncork: () => rawSocket(ws)?.uncork(),
    // Another connection resumed this session: this one has nothing left to do.
    evict: () => {
      state = { phase: 'evicted' };
      ws.close(CloseCodes.RESUMED_ELSEWHERE, 'session resumed elsewhere');
    },
    close: (code, why) => {
      state = { phase: 'evicted' };
      ws.close(code, why);
    },
  };

  const helloTimer = setTimeout(() => {
    if (state.phase !== 'awaiting-hello') return;
    state.releasePlace();
    log.debug({ event: 'hello-timeout', client }, `WebSocket closed: no hello within ${limits.helloTimeoutMs} ms`);
    ws.close(CloseCodes.HELLO_TIMEOUT, 'no hello in time');
    // A peer that ignores the closing handshake is cut off soon after, not in ws's 30 s.
    setTimeout(() => ws.terminate(), 1000).unref();
  }, limits.helloTimeoutMs);
  helloTimer.unref();
  let state: ConnectionState = { phase: 'awaiting-hello', timer: helloTimer, releasePlace: sessions.holdPlace(client) };

  /** Before hello (or after eviction) frames go straight out; afterwards through the session's outbox. */
  const reply = (frame: ReplyFrame) => {
    if (state.phase === 'attached') state.session.send(frame);
    else if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const refuse = (id: CommandId | null, error: ErrorBody) => reply(errorReply(id, error));
  const logLimit = (error: ErrorBody) =>
    deps.logThrottled(`limit ${error.limit} ${client}`, (suppressed) =>
      log.debug(
        { event: 'limit', limit: error.limit, client, ...(suppressed ? { suppressed } : {}) },
        `Command refused (${error.limit})`,
      ),
    );

  ws.on('error', (err: Error & { code?: string }) => {
    // ws reports protocol violations here (a message over maxPayload, a bad frame); it then closes the socket.
    log.warn({ event: 'ws-error', client, code: err.code }, `WebSocket error from client ${client}: ${err.message}`);
  });
  ws.on('close', () => {
    const s = state;
    switch (s.phase) {
      case 'awaiting-hello':
        clearTimeout(s.timer);
        s.releasePlace();
        return;
      case 'attached':
        s.session.detach(owner, limits.resumeGraceMs);
        return;
      case 'evicted':
        return;
      default:
        assertNever(s);
    }
  });

  const hello = (id: CommandId, token: string | undefined, lastSeq: number, teacher?: string) => {
    if (state.phase !== 'awaiting-hello') {
      refuse(
        id,
        state.phase === 'attached'
          ? {
              code: 'BAD_STATE',
              message: 'This connection already said hello: its session is running.',
              reason: 'already-hello',
            }
          : { code: 'NO_SESSION', message: 'This session was resumed by another connection.' },
      );
      return;
    }
    let session: Session | ErrorBody | undefined;
    const wrongTeacher = teacher === undefined ? undefined : classCheck(deps.classroom, teacher);
    if (wrongTeacher) {
      refuse(id, wrongTeacher);
      return;
    }
    if (token !== undefined) {
      session = sessions.resume(token, owner, lastSeq, client);
      if (!session) {
        reply(
          errorReply(id, {
            code: 'UNKNOWN_SESSION',
            message:
              'No session has this token: it ended (its page was away too long) or the server restarted. ' +
              'Say hello without a token to start a new session.',
          }),
        );
        return;
      }
    } else {
      session = sessions.create(owner, client);
      if (!('token' in session)) {
        // The server (or this client) is full: say why, then let the place go.
        reply(errorReply(id, session));
        clearTimeout(state.timer);
        state.releasePlace();
        ws.close(CloseCodes.TRY_AGAIN_LATER, 'server full, try again later');
        return;
      }
      deps.classroom?.enter(session, teacher !== undefined);
    }
    clearTimeout(state.timer);
    state.releasePlace();
    state = { phase: 'attached', session };
    const welcome: WelcomeFrame = {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      session: session.id,
      token: session.token,
      lastSeq: session.log.lastSeq,
      resumed: token !== undefined,
      server: deps.serverInfo(),
      ...(deps.classroom ? { class: deps.classroom.welcomeFor(session) } : {}),
    };
    // Straight to the WebSocket, ahead of the events the outbox sends from the next turn on.
    ws.send(JSON.stringify(welcome));
    ws.send(JSON.stringify({ type: 'reply', id, ok: true, result: {} } satisfies ReplyFrame));
  };

  ws.on('message', (data, isBinary) => {
    // Every frame takes a token first, valid or not: past the rate the answer is LIMIT
    // (with the frame's id when it can be read), and the frame goes no further.
    const limited = bucket().take();
    if (limited) {
      logLimit(limited);
      reply(errorReply(isBinary ? null : readFrameId(data.toString()), limited));
      return;
    }
    if (isBinary) {
      refuse(null, { code: 'INVALID', message: 'Frames must be JSON text, not binary.' });
      return;
    }
    const parsed = parseFrame(data.toString());
    if (!parsed.ok) {
      refuse(parsed.id, parsed.error);
      return;
    }
    const cmd = parsed.command;
    if (cmd.op === 'hello') {
      hello(cmd.id, cmd.token, cmd.lastSeq ?? 0, cmd.teacher);
      return;
    }
    const s = state;
    if (s.phase !== 'attached') {
      refuse(
        cmd.id,
        s.phase === 'evicted'
          ? { code: 'NO_SESSION', message: 'This session was resumed by another connection.' }
          : { code: 'NO_SESSION', message: 'Say hello first: {"id": 1, "op": "hello", "protocol": 1}.' },
      );
      return;
    }
    const session = s.session;
    void session.run(cmd).then((outcome) => {
      // The session may have been resumed by another connection meanwhile: the answer still goes to the asker.
      const frame: ReplyFrame = outcome.ok
        ? { type: 'reply', id: cmd.id, ok: true, result: outcome.result as Record<string, unknown> }
        : errorReply(cmd.id, outcome.error);
      if (session.isOwnedBy(owner)) session.send(frame);
      else if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
  });
}

/** Why a `hello` with a teacher secret is refused: no class here, or not the secret. */
function classCheck(classroom: Classroom | undefined, secret: string): ErrorBody | undefined {
  if (!classroom) return { code: 'NOT_IN_CLASS', message: 'This server runs no class: a teacher link needs --class.' };
  if (!classroom.isTeacherSecret(secret)) {
    return {
      code: 'NOT_TEACHER',
      message: 'This teacher link is not the one of this class (the server prints it at start).',
    };
  }
  return undefined;
}
