import { useMemo } from 'react';
import { useTranslation } from '../../i18n/react';
import type { World } from '../../../shared/world';
import { store } from '../../store';
import type { StageLayout } from './layout';
import { type LineItem, lineWire } from './lineWire';
import './lineWire.css';

interface Line {
  id: string;
  sockets: string[];
  /** Socket (or null: the far end outside) drawn on the left of this line. */
  left: string | null;
  x: number;
  y: number;
}

function linesOf(world: World, layout: StageLayout): Line[] {
  const lines: Line[] = [];
  for (const c of world.connections) {
    const pa = layout.places[c.caller];
    const pb = layout.places[c.callee];
    if (!pa || !pb) continue;
    lines.push({
      id: c.id,
      sockets: [c.caller, c.callee],
      left: pa.x <= pb.x ? c.caller : c.callee,
      x: (pa.x + pb.x) / 2,
      y: (pa.y + pb.y) / 2,
    });
  }
  for (const [id, g] of Object.entries(layout.ghosts)) {
    const p = layout.places[id];
    if (!p || world.sockets[id]?.proto !== 'tcp') continue;
    lines.push({ id: `g${id}`, sockets: [id], left: p.x <= g.x ? id : null, x: (p.x + g.x) / 2, y: (p.y + g.y) / 2 });
  }
  return lines;
}

/**
 * The wire on each call's line (when the server captures): the real handshake
 * and goodbye segments travelling from their sender's side, and the segments
 * between them as one summary ("12 segments, 48 KB") instead of a swarm.
 */
export function LineWire({ world, layout }: { world: World; layout: StageLayout }) {
  const { t, i18n } = useTranslation('tcp');
  const lines = useMemo(() => linesOf(world, layout), [world, layout]);
  const items = useMemo(
    () => lineWire(store.getState().events, world.seq, new Map(lines.map((l) => [l.id, l.sockets] as const))),
    [lines, world.seq],
  );
  const size = (bytes: number) =>
    bytes < 1000
      ? t('line.bytes', { count: bytes })
      : t('line.kb', { n: (bytes / 1000).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) });
  return (
    <>
      {lines.map((l) => {
        const list = items.get(l.id);
        if (!list?.length) return null;
        const arrow = (it: LineItem) =>
          it.kind === 'control' ? ((it.from ?? null) === l.left ? 'right' : 'left') : 'both';
        return (
          <ol
            key={l.id}
            className="line-wire"
            data-testid="line-wire"
            data-line={l.id}
            aria-label={t('line.label')}
            style={{ left: `${l.x}%`, top: `${l.y}%` }}
          >
            {list.map((it) =>
              it.kind === 'control' ? (
                <li
                  key={it.key}
                  className={`line-seg go-${arrow(it)}${it.label.includes('RST') ? ' is-rst' : ''}`}
                  data-testid="line-segment"
                  data-label={it.label}
                  data-from={it.from ?? ''}
                >
                  {arrow(it) === 'left' && <span aria-hidden="true">← </span>}
                  {it.label}
                  {arrow(it) === 'right' && <span aria-hidden="true"> →</span>}
                </li>
              ) : (
                <li
                  key={it.key}
                  className="line-burst"
                  data-testid="line-burst"
                  data-count={it.count}
                  data-bytes={it.bytes}
                >
                  {t(it.atLeast ? 'line.burstAtLeast' : 'line.burst', {
                    count: it.count,
                    n: it.count.toLocaleString(i18n.language),
                    size: size(it.bytes),
                  })}
                </li>
              ),
            )}
          </ol>
        );
      })}
    </>
  );
}
