import { useTranslation } from '../../i18n/react';
import { farEnd, formatEndpoint, type SocketState, type World } from '../../../shared/world';
import { CARD_HALF, type Place, type StageLayout } from './layout';

/** Bytes one side sent that the other has not read yet: they are "in the line" (kernel buffers). */
const unread = (from: SocketState, to: SocketState) => Math.max(0, from.bytesSent - to.bytesReceived);

const lineEnds = (a: Place, b: Place) => {
  const [l, r] = a.x <= b.x ? [a, b] : [b, a];
  return { x1: l.x + CARD_HALF, x2: r.x - CARD_HALF, y1: l.y, y2: r.y };
};

/**
 * The telephone lines, drawn under the cards in a 100×100 box stretched to the
 * stage (strokes keep their width). A call is two lanes, one per direction, so
 * a half-close shows as one lane going quiet while the other still carries
 * words. A listener's switchboard is joined to the calls it handed out.
 */
export function Lines({ world, layout }: { world: World; layout: StageLayout }) {
  const { places, ghosts, dialled } = layout;
  const lanes: React.ReactNode[] = [];
  for (const c of world.connections) {
    const a = world.sockets[c.caller];
    const b = world.sockets[c.callee];
    const pa = places[c.caller];
    const pb = places[c.callee];
    if (!a || !b || !pa || !pb) continue;
    const { x1, x2, y1, y2 } = lineEnds(pa, pb);
    const [left, right] = pa.x <= pb.x ? [a, b] : [b, a];
    const live = left.open || right.open;
    // Upper lane: left speaks to right. Lower lane: right speaks to left.
    lanes.push(
      <g
        key={c.id}
        className={`call${live ? '' : ' is-over'}${left.phase === 'reset' || right.phase === 'reset' ? ' is-reset' : ''}`}
        data-call={c.id}
      >
        <line
          className={`lane${left.finSent || !left.open ? ' is-quiet' : ''}`}
          x1={x1}
          x2={x2}
          y1={y1 - 1.2}
          y2={y2 - 1.2}
        />
        <line
          className={`lane${right.finSent || !right.open ? ' is-quiet' : ''}`}
          x1={x1}
          x2={x2}
          y1={y1 + 1.2}
          y2={y2 + 1.2}
        />
      </g>,
    );
  }
  for (const [id, ghost] of Object.entries(ghosts)) {
    const s = world.sockets[id];
    const p = places[id];
    if (!s || !p) continue;
    const { x1, x2, y1, y2 } = lineEnds(p, { ...ghost, x: ghost.x + (ghost.x > p.x ? -CARD_HALF + 9 : CARD_HALF - 9) });
    const cls = s.phase === 'connecting' ? 'is-dialling' : s.phase === 'error' ? 'is-refused' : s.open ? '' : 'is-over';
    lanes.push(<line key={`g${id}`} className={`lane outside ${cls}`} x1={x1} x2={x2} y1={y1} y2={y2} />);
  }
  for (const [id, listener] of Object.entries(dialled)) {
    const p = places[id];
    const q = places[listener];
    if (!p || !q) continue;
    const s = world.sockets[id];
    const { x1, x2, y1, y2 } = lineEnds(p, q);
    lanes.push(
      <line
        key={`d${id}`}
        className={`lane ${s?.phase === 'error' ? 'is-refused' : 'is-dialling'}`}
        x1={x1}
        x2={x2}
        y1={y1}
        y2={y2}
      />,
    );
  }
  for (const id of layout.shown) {
    const s = world.sockets[id];
    const p = places[id];
    if (!s || !p || !s.children.length) continue;
    for (const child of s.children) {
      const q = places[child];
      if (q)
        lanes.push(
          <line
            key={`sw${child}`}
            className="switch-link"
            x1={p.x + CARD_HALF - 1}
            x2={q.x + CARD_HALF - 1}
            y1={p.y}
            y2={q.y}
          />,
        );
    }
  }
  return (
    <svg className="stage-lines" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      {lanes}
    </svg>
  );
}

/** Labels on the lines: unread bytes per direction, and the far end of calls to outside. */
export function LineLabels({ world, layout }: { world: World; layout: StageLayout }) {
  const { t } = useTranslation('stage');
  const out: React.ReactNode[] = [];
  for (const c of world.connections) {
    const a = world.sockets[c.caller];
    const b = world.sockets[c.callee];
    const pa = layout.places[c.caller];
    const pb = layout.places[c.callee];
    if (!a || !b || !pa || !pb) continue;
    const ab = unread(a, b);
    const ba = unread(b, a);
    const y = (pa.y + pb.y) / 2;
    out.push(
      <div key={c.id} className="line-label" style={{ left: '50%', top: `${y}%` }}>
        <span className="line-title">{a.open || b.open ? t('line.call') : t('line.over')}</span>
        {ab > 0 && <span className="line-unread">{t('line.unread', { bytes: ab, to: b.label ?? b.id })}</span>}
        {ba > 0 && <span className="line-unread">{t('line.unread', { bytes: ba, to: a.label ?? a.id })}</span>}
      </div>,
    );
  }
  for (const [id, g] of Object.entries(layout.ghosts)) {
    const s = world.sockets[id];
    if (!s?.remote) continue;
    const key =
      s.phase === 'error'
        ? 'ghost.nobody'
        : s.phase === 'connecting'
          ? 'ghost.dialling'
          : farEnd(world, s) === 'relay'
            ? 'ghost.relay'
            : s.classPeer
              ? 'ghost.classmate'
              : 'ghost.outside';
    out.push(
      <div
        key={`g${id}`}
        className={`ghost-phone${s.phase === 'error' ? ' is-refused' : ''}`}
        data-testid="ghost-phone"
        data-socket={id}
        style={{ left: `${g.x}%`, top: `${g.y}%` }}
      >
        <span>{t(key, { name: s.classPeer?.name })}</span>
        <code>{formatEndpoint(s.remote)}</code>
      </div>,
    );
  }
  return <>{out}</>;
}
