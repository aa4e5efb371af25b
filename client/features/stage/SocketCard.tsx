import { memo } from 'react';
import { useTranslation } from '../../i18n/react';
import { TransportIcon } from '../../components/TransportIcon';
import type { Chunk, Datagram, SocketState } from '../../../shared/world';
import { formatEndpoint, kernelTimeLeft, lingersInKernel } from '../../../shared/world';
import { bytesLabel } from './bytes';
import { PhoneIcon } from '../../components/PhoneIcon';
import { explainKey, lingerExplainKey, phaseKey } from './phaseWords';
import type { Place } from './layout';
import { TcpState } from './TcpState';
import { FollowStreamButton } from '../stream';

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
  /** World time (ms): a TIME_WAIT ghost counts down from its latest kernel sample. */
  now: number;
  onSelect(id: string): void;
}

// Re-exported: the toolbox and the tests name phases the way the card does.
export { explainKey, phaseKey } from './phaseWords';

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
  // A closed call the kernel still keeps is drawn as a ghost, with its countdown and why the number is not free.
  const ghost = lingersInKernel(s);
  const left = ghost ? kernelTimeLeft(s, props.now) : undefined;
  const explain = !compact && (s.phase === 'error' || s.phase === 'reset' || roomy || ghost);
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
  const counted = s.bytesSent > 0 || s.bytesReceived > 0;
  const followable = s.proto === 'tcp' && !!s.remote && s.phase !== 'connecting' && s.phase !== 'error';
  return (
    <article
      className={`socket-card phase-${s.phase}${selected ? ' is-selected' : ''}${compact ? ' is-compact' : ''}${s.open ? '' : ' is-gone'}${ghost ? ' is-lingering' : ''}`}
      style={{ left: `${x}%`, top: `${y}%` }}
      data-testid="socket"
      data-socket={s.id}
      data-proto={s.proto}
      data-phase={s.phase}
      data-column={column}
      data-local={s.local ? formatEndpoint(s.local) : undefined}
      data-kernel={s.kernel?.state}
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
          {/* The kernel's TCP state sits beside the protocol, not beside the name: a long name keeps the whole width. */}
          <span className="card-tags">
            <span className="card-tag">
              {s.proto.toUpperCase()} · IPv{s.family}
            </span>
            <TcpState socket={s} />
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
      {ghost && !compact && lingerExplainKey(s) && (
        <p className="card-explain" data-testid="kernel-linger-why">
          {t(lingerExplainKey(s)!)}
        </p>
      )}
      {!compact && (said || heard) && (
        <div className="card-words">
          {said && (
            <div className={said.hex ? 'is-hex' : ''} data-fate={fate}>
              <span className="muted">{t(s.proto === 'udp' ? 'card.posted' : 'card.said')}</span> <q>{said.text}</q>
              {fate === 'nowhere' && (
                <span className="card-nowhere"> {t(s.remote ? 'card.nowhere' : 'card.nowhereSilent')}</span>
              )}
            </div>
          )}
          {heard && (
            <div className={heard.hex ? 'is-hex' : ''}>
              <span className="muted">{t(s.proto === 'udp' ? 'card.got' : 'card.heard')}</span> <q>{heard.text}</q>
            </div>
          )}
        </div>
      )}
      {(counted || followable) && (
        // The totals and the way into the whole conversation share one line, so a call's card stays within its row.
        <div className="card-totals">
          {counted && (
            <span className="card-count">
              {t('card.count', { sent: s.bytesSent, received: s.bytesReceived, sends: s.sends, receives: s.receives })}
            </span>
          )}
          {followable && <FollowStreamButton socket={s.id} />}
        </div>
      )}
      {ghost && s.kernel && (
        <div className="card-kernel card-linger" data-testid="kernel-linger" data-state={s.kernel.state}>
          {left !== undefined
            ? t('card.timeWait', { state: s.kernel.state, seconds: Math.ceil(left / 1000) })
            : t('card.kernelAfter', { state: s.kernel.state })}
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
