import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { World } from '../../../shared/world';
import { bytesLabel } from './bytes';
import { newFlights, type Anchor, type Flight } from './flights';
import { CARD_HALF, LEFT_X, RIGHT_X, type StageLayout } from './layout';
import { prefersReducedMotion, useMotion } from '../../lib/useWorld';

/** How long a bubble takes to cross at 1×. */
const FLIGHT_MS = 1400;
/** Bubbles on screen at once; older ones leave when new ones come. */
const MAX_ACTIVE = 8;
/** During a burst new bubbles start at most this often; what comes in between is counted, not drawn. */
const MIN_GAP_MS = 250;

type Point = { x: number; y: number };

function point(a: Anchor, layout: StageLayout, toward: number | null): Point | null {
  if ('socket' in a) {
    const p = layout.places[a.socket];
    if (!p) return null;
    const dx = toward === null || toward === p.x ? 0 : toward > p.x ? CARD_HALF : -CARD_HALF;
    return { x: p.x + dx, y: p.y };
  }
  if ('ghost' in a) {
    const g = layout.ghosts[a.ghost];
    if (g) return { x: g.x + (g.x < 50 ? 8 : -8), y: g.y };
    const p = layout.places[a.ghost];
    return p ? { x: p.x < 50 ? 97 : 3, y: p.y } : null;
  }
  const p = layout.places[a.across];
  return p ? { x: p.x < 50 ? RIGHT_X : LEFT_X, y: p.y } : null;
}

const xOf = (a: Anchor, layout: StageLayout) =>
  ('socket' in a ? layout.places[a.socket]?.x : 'ghost' in a ? layout.ghosts[a.ghost]?.x : undefined) ?? null;

const FlightView = memo(function FlightView(props: {
  flight: Flight;
  from: Point;
  to: Point;
  hex: boolean;
  onDone(key: string): void;
}) {
  const { flight, from, to, hex, onDone } = props;
  const { running, speed } = useMotion();
  const ref = useRef<HTMLDivElement>(null);
  const anim = useRef<Animation | null>(null);
  const { t } = useTranslation('stage');

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof el.animate !== 'function') return;
    // The moving box is as big as the stage, so translate() percentages are
    // stage percentages: the compositor moves it, nothing is laid out again.
    const at = (p: Point) => ({ transform: `translate(${p.x}%, ${p.y}%)` });
    // A postcard to nobody fades out halfway: nobody picks it up.
    const end = flight.nowhere ? { x: from.x + (to.x - from.x) * 0.75, y: to.y } : to;
    const frames: Keyframe[] = prefersReducedMotion()
      ? [
          { ...at(end), opacity: 0 },
          { ...at(end), opacity: 1, offset: 0.15 },
          { ...at(end), opacity: 1, offset: 0.8 },
          { ...at(end), opacity: 0 },
        ]
      : [
          { ...at(from), opacity: 0 },
          { ...at(from), opacity: 1, offset: 0.08 },
          { ...at(end), opacity: flight.nowhere ? 0.15 : 1, offset: 0.8 },
          { ...at(end), opacity: 0 },
        ];
    const a = el.animate(frames, { duration: FLIGHT_MS, easing: 'cubic-bezier(.45,.05,.35,1)', fill: 'forwards' });
    anim.current = a;
    a.onfinish = () => onDone(flight.key);
    return () => a.cancel();
  }, [flight, from.x, from.y, to.x, to.y, onDone]);
  useEffect(() => {
    const a = anim.current;
    if (!a) return;
    a.playbackRate = speed;
    if (running && a.playState === 'paused') a.play();
    if (!running && a.playState === 'running') a.pause();
  }, [running, speed]);

  const label = bytesLabel(flight.data, hex, 24);
  return (
    <div ref={ref} className="flight-track" data-testid="flight" data-kind={flight.kind}>
      <div className={`flight ${flight.kind}${flight.nowhere ? ' is-nowhere' : ''}${label.hex ? ' is-hex' : ''}`}>
        <span className="flight-text">{label.text}</span>
        <span className="flight-bytes">{t('flight.bytes', { count: flight.bytes })}</span>
        {flight.nowhere && <span className="flight-nowhere">{t('flight.nowhere')}</span>}
      </div>
    </div>
  );
});

/**
 * Speech bubbles and postcards in flight. Only forward steps start flights, at
 * most a few at a time: a burst is summarised ("+37 messages") so the stage
 * never lags behind the events. Paused: flights freeze; going back: they go.
 */
export function FlightLayer({ world, layout, hex }: { world: World; layout: StageLayout; hex: boolean }) {
  const { t } = useTranslation('stage');
  const { running, speed } = useMotion();
  const prev = useRef<World | null>(null);
  const lastStart = useRef(0);
  const lastBatch = useRef(0);
  const [flights, setFlights] = useState<Flight[]>([]);
  const [burst, setBurst] = useState(0);
  const burstTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const before = prev.current;
    prev.current = world;
    if (before && world.seq < before.seq) {
      setFlights([]);
      setBurst(0);
      return;
    }
    if (!running) return;
    const batch = newFlights(before, world);
    if (!batch.flights.length && !batch.summarised) return;
    const now = performance.now();
    // A message after a quiet moment always flies; inside a burst, a few now and then.
    const inBurst = now - lastBatch.current < MIN_GAP_MS;
    lastBatch.current = now;
    let extra = batch.summarised;
    if (batch.flights.length) {
      if (inBurst && now - lastStart.current < MIN_GAP_MS) extra += batch.flights.length;
      else {
        lastStart.current = now;
        setFlights((f) => [...f, ...batch.flights].slice(-MAX_ACTIVE));
      }
    }
    if (extra > 0) {
      setBurst((b) => b + extra);
      clearTimeout(burstTimer.current);
      burstTimer.current = setTimeout(() => setBurst(0), 2500 / speed);
    }
  }, [world, running, speed]);
  useEffect(() => () => clearTimeout(burstTimer.current), []);

  const done = useRef((key: string) => setFlights((f) => f.filter((x) => x.key !== key))).current;
  return (
    <div className="flight-layer" aria-hidden="true">
      {flights.map((f) => {
        const from = point(f.from, layout, xOf(f.to, layout));
        const to = point(f.to, layout, xOf(f.from, layout));
        return from && to ? <FlightView key={f.key} flight={f} from={from} to={to} hex={hex} onDone={done} /> : null;
      })}
      {burst > 0 && (
        <div className="burst" data-testid="burst">
          {t('flight.burst', { count: burst })}
        </div>
      )}
    </div>
  );
}
