import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { TransportIcon } from '../timeline/TransportIcon';
import type { Chunk, Datagram, SocketState } from '../../../shared/world';
import { formatEndpoint } from '../../../shared/world';
import { bytesLabel } from './bytes';
import { PhoneIcon } from './PhoneIcon';
import type { Place } from './layout';

/** What a socket said and heard last (TCP chunks) or posted and got (UDP). */
export interface LastWords {
  said?: Chunk | Datagram;
  heard?: Chunk | Datagram;
}

// Every prop is a primitive or an object the world keeps as long as it does not
// change, so memo() skips the cards a new event does not concern.
interface Props {
  socket: SocketState;
  x: number;
  y: number;
  column: Place['column'];
  said: LastWords['said'];
  heard: LastWords['heard'];
  selected: boolean;
  hex: boolean;
  compact: boolean;
  /** Few telephones: there is room for every explanation. */
  roomy: boolean;
  onSelect(id: string): void;
}

const NAMED_ERRORS = ['ECONNREFUSED', 'EADDRINUSE', 'ECONNRESET'];

/** The name of a socket's phase: an error says which one ("Nobody answers"), a UDP socket has a mailbox. */
function phaseKey(s: SocketState): string {
  if (s.phase === 'error' && s.lastError && NAMED_ERRORS.includes(s.lastError.code))
    return `phase.errors.${s.lastError.code}`;
  return `phase.${s.proto === 'udp' && s.phase === 'bound' ? 'udpBound' : s.phase}`;
}

/** The explanation key of a socket's state: its error if it has one, else its phase. */
export function explainKey(s: SocketState): string {
  if (s.phase === 'error' && s.lastError) {
    const known = NAMED_ERRORS.includes(s.lastError.code);
    return known ? `explain.error.${s.lastError.code}` : 'explain.error.other';
  }
  if (s.closing && s.open) return 'explain.closing';
  if (s.proto === 'udp') return `explain.udp.${s.phase}`;
  return s.phase === 'listening' || s.children.length ? `explain.listener.${s.phase}` : `explain.${s.phase}`;
}

/**
 * One telephone on the stage. The page contract lives here: data-testid,
 * data-socket, data-proto, data-phase. Everything it shows is also in words:
 * the phase has a name and a border style besides its colour.
 */
export const SocketCard = memo(function SocketCard(props: Props) {
  const { socket: s, x, y, column, selected, hex, compact, roomy, onSelect } = props;
  const words: LastWords = { said: props.said, heard: props.heard };
  const { t } = useTranslation('stage');
  const name = s.label ? `${s.label} · ${s.id}` : s.id;
  // Room is short on a projector: the long explanation is for trouble (the toolbox explains the chosen socket).
  const explain = !compact && (s.phase === 'error' || s.phase === 'reset' || roomy);
  const phaseName = t(phaseKey(s));
  const label = t('card.aria', {
    name,
    proto: s.proto.toUpperCase(),
    phase: phaseName,
    local: s.local ? formatEndpoint(s.local) : '—',
  });
  const said = words.said && bytesLabel(words.said.data, hex);
  const heard = words.heard && bytesLabel(words.heard.data, hex);
  // A postcard's fate stays readable after it has flown: nobody in the session had that number.
  const fate = words.said && 'fate' in words.said ? words.said.fate : undefined;
  return (
    <article
      className={`socket-card phase-${s.phase}${selected ? ' is-selected' : ''}${compact ? ' is-compact' : ''}${s.open ? '' : ' is-gone'}`}
      style={{ left: `${x}%`, top: `${y}%` }}
      data-testid="socket"
      data-socket={s.id}
      data-proto={s.proto}
      data-phase={s.phase}
      data-column={column}
      data-local={s.local ? formatEndpoint(s.local) : undefined}
      onClick={() => onSelect(s.id)}
    >
      <div className="card-head">
        <PhoneIcon socket={s} />
        <div className="card-title">
          <button
            className="card-name"
            aria-pressed={selected}
            aria-label={label}
            onClick={(e) => (e.stopPropagation(), onSelect(s.id))}
          >
            {s.label ?? s.id}
            {s.label && <span className="card-id"> {s.id}</span>}
          </button>
          <span className="card-tag">
            {s.proto.toUpperCase()} · IPv{s.family}
          </span>
        </div>
      </div>
      <div className="card-phase" key={s.phaseSeq}>
        <span className="phase-glyph" aria-hidden="true" />
        {phaseName}
      </div>
      {s.paused && (
        <div className="card-paused">
          {/* An SVG, not ⏸: Debian's Chromium has no font with that glyph and draws an empty box. */}
          <TransportIcon name="pause" size="0.9em" /> {t('card.paused')}
        </div>
      )}
      {s.local && (
        <div className="card-ep">
          <span className="muted">{t(s.proto === 'udp' ? 'card.mailbox' : 'card.number')}</span>{' '}
          <code>{formatEndpoint(s.local)}</code>
        </div>
      )}
      {s.remote && (
        <div className="card-ep">
          <span className="muted">
            {t(
              s.phase === 'connecting' || (s.phase === 'error' && !s.local)
                ? 'card.dialling'
                : s.proto === 'udp'
                  ? 'card.peerUdp'
                  : 'card.peer',
            )}
          </span>{' '}
          <code>{formatEndpoint(s.remote)}</code>
        </div>
      )}
      {s.lastError && (s.phase === 'error' || !s.open) && (
        <div className="card-error">
          <strong>{s.lastError.code}</strong> <span className="muted">({s.lastError.syscall})</span>
        </div>
      )}
      {explain && <p className="card-explain">{t(explainKey(s))}</p>}
      {!compact && (said || heard) && (
        <div className="card-words">
          {said && (
            <div className={said.hex ? 'is-hex' : ''} data-fate={fate}>
              <span className="muted">{t(s.proto === 'udp' ? 'card.posted' : 'card.said')}</span> <q>{said.text}</q>
              {fate === 'nowhere' && <span className="card-nowhere"> {t('card.nowhere')}</span>}
            </div>
          )}
          {heard && (
            <div className={heard.hex ? 'is-hex' : ''}>
              <span className="muted">{t(s.proto === 'udp' ? 'card.got' : 'card.heard')}</span> <q>{heard.text}</q>
            </div>
          )}
        </div>
      )}
      {(s.bytesSent > 0 || s.bytesReceived > 0) && (
        <div className="card-count">
          {t('card.count', { sent: s.bytesSent, received: s.bytesReceived, sends: s.sends, receives: s.receives })}
        </div>
      )}
      {s.kernel && s.open && selected && !compact && (
        <div className="card-kernel muted">
          {t('card.kernel', { state: s.kernel.state, rx: s.kernel.rxQueue, tx: s.kernel.txQueue })}
        </div>
      )}
    </article>
  );
});
