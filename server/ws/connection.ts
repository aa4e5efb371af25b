import type { WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  type CommandId,
  type ErrorBody,
  type ReplyFrame,
  type WelcomeFrame,
} from '../../shared/protocol';
import type { Session, SessionOwner } from '../sessions/Session';
import type { SessionManager } from '../sessions/SessionManager';
import { parseFrame } from './frames';

export interface ConnectionDeps {
  sessions: SessionManager;
  /** The `server` part of `welcome`. */
  serverInfo: () => WelcomeFrame['server'];
  resumeGraceMs: number;
  /** Called once this connection has a session (it no longer counts as a waiting connection). */
  onSession?: () => void;
}

const errorReply = (id: CommandId | null, error: ErrorBody): ReplyFrame => ({ type: 'reply', id, ok: false, error });

/**
 * One WebSocket: parses every frame at the edge, answers every command exactly
 * once, and owns at most one session (from `hello` on). Nothing that arrives
 * closes it: bad frames get an error reply and the session carries on.
 */
export function handleConnection(ws: WebSocket, deps: ConnectionDeps): void {
  let session: Session | undefined;
  /** Its session was resumed by another connection: this one only says so until it is closed. */
  let evicted = false;
  const owner: SessionOwner = {
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data, cb) => ws.send(data, cb),
    // Another connection resumed this session: this one has nothing left to do.
    evict: () => {
      session = undefined;
      evicted = true;
      ws.close(4000, 'session resumed elsewhere');
    },
  };

  /** Before hello (or after eviction) frames go straight out; afterwards through the session's outbox. */
  const reply = (frame: ReplyFrame | WelcomeFrame) => {
    if (session) session.send(frame);
    else ws.send(JSON.stringify(frame));
  };

  ws.on('error', () => {
    // ws reports protocol violations here (e.g. a message over maxPayload: it then closes with 1009).
  });
  ws.on('close', () => session?.detach(owner, deps.resumeGraceMs));

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      reply(errorReply(null, { code: 'INVALID', message: 'Frames must be JSON text, not binary.' }));
      return;
    }
    const parsed = parseFrame(data.toString());
    if (evicted) {
      const id = parsed.ok ? parsed.command.id : parsed.id;
      reply(errorReply(id, { code: 'NO_SESSION', message: 'This session was resumed by another connection.' }));
      return;
    }
    if (!parsed.ok) {
      reply(errorReply(parsed.id, parsed.error));
      return;
    }
    const cmd = parsed.command;
    if (cmd.op === 'hello') {
      if (session) {
        reply(
          errorReply(cmd.id, {
            code: 'BAD_STATE',
            message: 'This connection already said hello: its session is running.',
          }),
        );
        return;
      }
      const resumed = cmd.token ? deps.sessions.resume(cmd.token) : undefined;
      const s = resumed ?? deps.sessions.create();
      if (!('token' in s)) {
        // The server is full (maxSessions): say why, then let the place go.
        reply(errorReply(cmd.id, s));
        ws.close(1013, 'server full, try again later');
        return;
      }
      session = s;
      deps.onSession?.();
      const welcome: WelcomeFrame = {
        type: 'welcome',
        protocol: PROTOCOL_VERSION,
        session: s.id,
        token: s.token,
        lastSeq: s.log.lastSeq,
        resumed: resumed !== undefined,
        server: deps.serverInfo(),
      };
      ws.send(JSON.stringify(welcome));
      ws.send(JSON.stringify({ type: 'reply', id: cmd.id, ok: true, result: {} } satisfies ReplyFrame));
      // Events after the client's lastSeq follow the welcome (a fresh client: all of them).
      s.attach(owner, resumed ? (cmd.lastSeq ?? 0) : 0);
      return;
    }
    const s = session;
    if (!s) {
      reply(
        errorReply(cmd.id, {
          code: 'NO_SESSION',
          message: 'Say hello first: {"id": 1, "op": "hello", "protocol": 1}.',
        }),
      );
      return;
    }
    void s.run(cmd).then((outcome) => {
      // The session may have been resumed by another connection meanwhile: the answer still goes to the asker.
      const frame: ReplyFrame = outcome.ok
        ? { type: 'reply', id: cmd.id, ok: true, result: outcome.result as Record<string, unknown> }
        : errorReply(cmd.id, outcome.error);
      if (s.isOwnedBy(owner)) s.send(frame);
      else if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    });
  });
}
