import { memo } from 'react';
import { useTranslation } from '../../i18n/react';
import type { SocketState, World } from '../../../shared/world';
import type { CompareScore, LaneScore, MessageFate } from '../../../shared/compare/scoreboard';
import type { Lane as LaneName } from '../../../shared/compare/wire';
import { PhoneIcon } from '../../components/PhoneIcon';
import { prefersReducedMotion, useMotion, useWorld } from '../../lib/useWorld';
import { MessageStrip } from './MessageStrip';
import { RetransmitMarks } from './RetransmitMarks';
import { expectedTransitMs, flightsAt } from './flights';
import { useDisplayTime } from './useCompare';

/** The two ends of a lane, as the session numbered them (the TCP receiver is the call the listener accepted). */
function ends(score: CompareScore | null, lane: LaneName, world: World): { from?: string; to?: string } {
  if (!score) return {};
  const s = score.started;
  if (lane === 'udp') return { from: s.udp.sender, to: s.udp.receiver };
  return { from: s.tcp.sender, to: world.sockets[s.tcp.listener]?.children[0] };
}

/** A socket drawn before it exists (no run yet): a telephone on the hook, or an empty mailbox. */
function idle(proto: LaneName): SocketState {
  // PhoneIcon reads only these fields.
  return { proto, phase: 'created', children: [], receives: 0 } as unknown as SocketState;
}

/**
 * One lane in the stage's visual language: TCP is a telephone line with words
 * flowing along it, UDP two mailboxes with postcards flying between them — and
 * the lost ones falling off at the relay in the middle.
 */
export function Lane({ lane, score, cursorT }: { lane: LaneName; score: CompareScore | null; cursorT: number }) {
  const { t } = useTranslation('compare');
  const world = useWorld();
  const s = score?.[lane];
  const { from, to } = ends(score, lane, world);
  const sender = (from && world.sockets[from]) || idle(lane);
  const receiver = (to && world.sockets[to]) || idle(lane);
  return (
    <section
      className={`cmp-lane cmp-lane-${lane}`}
      data-testid="compare-lane"
      data-lane={lane}
      aria-labelledby={`cmp-lane-${lane}`}
    >
      <header className="cmp-lane-head">
        <h3 id={`cmp-lane-${lane}`}>
          {t(`lane.${lane}.title`)} <span className="muted cmp-lane-sub">{t(`lane.${lane}.sub`)}</span>
        </h3>
        {s && <Verdict s={s} lane={lane} />}
      </header>
      <div className="cmp-track">
        <End socket={sender} label={t(`lane.${lane}.from`)} id={from} />
        <div className="cmp-wire" aria-hidden="true">
          <div className={`cmp-line cmp-line-${lane}`} />
          <div className="cmp-relay" title={t('relay')}>
            <span>{t('relayShort')}</span>
          </div>
          {score && s && (
            <Flights
              lane={lane}
              messages={s.messages}
              cursorT={cursorT}
              transitMs={expectedTransitMs(score.script, score.link)}
            />
          )}
        </div>
        <End socket={receiver} label={t(`lane.${lane}.to`)} id={to} />
      </div>
      {s ? <MessageStrip lane={lane} messages={s.messages} /> : <p className="muted cmp-empty">{t('empty')}</p>}
      {lane === 'tcp' && score && <RetransmitMarks score={score} cursorT={cursorT} />}
    </section>
  );
}

/** The stage's colour of a phase (the stage's own classes also restyle borders, which an end has none of). */
function phaseColour(phase: SocketState['phase']): string {
  const family: Record<SocketState['phase'], string> = {
    created: 'created',
    bound: 'bound',
    listening: 'listening',
    connecting: 'connecting',
    connected: 'connected',
    'half-closed': 'half',
    'peer-half-closed': 'half',
    closed: 'closed',
    reset: 'bad',
    error: 'bad',
  };
  return `var(--ph-${family[phase]})`;
}

function End({ socket, label, id }: { socket: SocketState; label: string; id: string | undefined }) {
  return (
    <div
      className="cmp-end"
      data-socket={id ?? ''}
      data-phase={socket.phase}
      style={{ '--ph': phaseColour(socket.phase) } as React.CSSProperties}
    >
      <PhoneIcon socket={socket} />
      <span className="cmp-end-label">
        {label}
        {id && <span className="muted mono"> {id}</span>}
      </span>
    </div>
  );
}

function Verdict({ s, lane }: { s: LaneScore; lane: LaneName }) {
  const { t } = useTranslation('compare');
  return (
    <p className="cmp-verdict" aria-live="off">
      <strong className="mono">
        {s.delivered}/{s.sent}
      </strong>{' '}
      {t('verdict.delivered')}
      {s.lost > 0 && <span className="cmp-bad"> · {t('verdict.lost', { count: s.lost })}</span>}
      {lane === 'tcp' && s.sent > 0 && s.lost === 0 && <span> · {t('verdict.inOrder')}</span>}
    </p>
  );
}

/** The shapes in flight, redrawn every frame while the timeline runs; only this part re-renders per frame. */
const Flights = memo(function Flights(props: {
  lane: LaneName;
  messages: readonly MessageFate[];
  cursorT: number;
  transitMs: number;
}) {
  const { running, speed } = useMotion();
  const T = useDisplayTime(props.cursorT, running && !prefersReducedMotion(), speed);
  return (
    <>
      {flightsAt(props.messages, T, props.transitMs).map((f) => (
        <span
          key={f.n}
          className={`cmp-flight cmp-flight-${props.lane}${f.fall > 0 ? ' is-falling' : ''}`}
          style={{
            left: `${f.x * 100}%`,
            transform: `translate(-50%, calc(-50% + ${f.fall * 1.6}rem)) rotate(${f.fall * 60}deg)`,
            opacity: 1 - f.fall,
          }}
        >
          {f.n}
        </span>
      ))}
    </>
  );
});
