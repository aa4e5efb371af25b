import { useState } from 'react';
import { useAllo, store } from '../../store';
import { worldSockets } from './firstCall';

/**
 * First page (foundation): make a real TCP call between two sockets of this
 * session. Replaced by the full toolbox of the stage issue.
 */
export function Toolbox() {
  const head = useAllo((s) => s.head);
  const send = useAllo((s) => s.send);
  const [port, setPort] = useState<number | null>(null);
  const [message, setMessage] = useState('Allô ?');
  const [error, setError] = useState<string | null>(null);
  const sockets = worldSockets(store.getState().events);
  void head;

  const run = async (fn: () => Promise<string | null>) => setError(await fn());

  const listen = () =>
    run(async () => {
      const s = await send({ op: 'socket', proto: 'tcp', family: 4, label: 'server' });
      if (!s.ok) return s.error.message;
      const l = await send({ op: 'listen', socket: s.result.socket, port: 0 });
      if (!l.ok) return l.error.message;
      setPort(l.result.local.port);
      return null;
    });
  const dial = () =>
    run(async () => {
      if (port === null) return 'Create the listener first.';
      const s = await send({ op: 'socket', proto: 'tcp', family: 4, label: 'client' });
      if (!s.ok) return s.error.message;
      const c = await send({ op: 'connect', socket: s.result.socket, host: '127.0.0.1', port });
      return c.ok ? null : c.error.message;
    });

  return (
    <section className="panel toolbox" aria-label="Toolbox">
      <h2>First call</h2>
      <button onClick={listen}>1. Create a TCP listener</button>
      <button onClick={dial} disabled={port === null}>
        2. Create a TCP client and connect {port !== null ? `to 127.0.0.1:${port}` : ''}
      </button>
      <label>
        Message <input value={message} onChange={(e) => setMessage(e.target.value)} />
      </label>
      <ul className="socket-list">
        {sockets.map((s) => (
          <li key={s.id} data-testid="socket" data-socket={s.id} data-proto={s.proto} data-phase={s.phase}>
            <strong>{s.id}</strong> {s.label ?? ''} {s.proto} — {s.phase}{' '}
            {s.phase === 'connected' && (
              <>
                <button onClick={() => run(async () => { const r = await send({ op: 'send', socket: s.id, data: { text: message } }); return r.ok ? null : r.error.message; })}>
                  Send
                </button>
                <button onClick={() => run(async () => { const r = await send({ op: 'close', socket: s.id }); return r.ok ? null : r.error.message; })}>
                  Hang up
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
