import { useAllo, store } from '../../store';

/** Live list of every event (first page). The virtualised log of the timeline issue replaces it. */
export function EventLog() {
  useAllo((s) => s.version);
  const events = store.getState().events;
  return (
    <section className="panel log" aria-label="Events">
      <h2>Events</h2>
      <ol>
        {events.map((e) => (
          <li key={e.seq} data-testid="event-row" data-seq={e.seq} data-kind={e.kind}>
            <code>#{e.seq}</code> {'socket' in e ? e.socket : ''} <b>{e.kind}</b>{' '}
            {e.kind === 'received' || e.kind === 'sent' ? (e.data.text ?? `${e.bytes} bytes`) : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
