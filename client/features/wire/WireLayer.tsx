import { useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { type DiagramLayout, FONT, GEOMETRY as G, MONO, type SequenceModel } from '../sequence';
import type { WireArrow } from './wireLayerModel';

/** Colours as SVG attributes (the exported picture needs no stylesheet); text colours keep WCAG AA on the paper. */
const COLOR = {
  data: '#1d4ed8',
  ack: '#64748b',
  control: '#6d28d9',
  fin: '#a21caf',
  bad: '#b91c1c',
  window: '#c2410c',
  datagram: '#0f766e',
  text: '#334155',
} as const;

function colorOf(a: WireArrow): string {
  if (a.kind === 'icmp' || a.marks.includes('retransmission') || a.label.includes('RST')) return COLOR.bad;
  if (a.marks.includes('zeroWindow') || a.marks.includes('probe')) return COLOR.window;
  if (a.kind === 'datagram') return COLOR.datagram;
  if (a.label.includes('SYN')) return COLOR.control;
  if (a.label.includes('FIN')) return COLOR.fin;
  return a.pureAck ? COLOR.ack : COLOR.data;
}

interface Props {
  model: SequenceModel;
  arrows: WireArrow[];
  scale: number;
  /** The diagram body's own geometry (rows, columns, the frame it shows), so the wire lines up with the calls. */
  layout: DiagramLayout;
}

/**
 * The wire under the calls: a thin arrow per captured packet, drawn over the
 * sequence diagram with its geometry (palette GEOMETRY, rows of G.row). Pure
 * ACKs are thin and dashed, window updates dotted, retransmissions, zero
 * windows and probes marked. Hover or focus an arrow for its header.
 */
export function WireLayer({ model, arrows, scale, layout }: Props) {
  const { t } = useTranslation('wire');
  const [active, setActive] = useState<string | null>(null);
  const { col, y, width, top, height } = layout;
  const xOf = (id: string | null, socket: string) => col.get(id ?? '') ?? (col.get(socket) ?? G.left) + 90;
  const shown = arrows.find((a) => a.key === active);
  const boxWidth = shown ? 12 + (shown.header.length + 5) * 6.4 : 0;
  const boxX = shown
    ? Math.max(4, Math.min(width - boxWidth - 4, Math.min(xOf(shown.from, shown.socket), xOf(shown.to, shown.socket))))
    : 0;

  return (
    <svg
      className="wire-layer"
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 ${top} ${width} ${height}`}
      style={{ width: width * scale, height: height * scale }}
      fontFamily={FONT}
      role="group"
      aria-label={t('layer.wire')}
      data-testid="wire-layer"
    >
      {arrows.map((a) => {
        const x1 = xOf(a.from, a.socket);
        const x2 = xOf(a.to, a.socket);
        const yy = y(a.y);
        const color = colorOf(a);
        const dash = a.marks.includes('windowUpdate') ? '1 3' : a.pureAck ? '4 3' : undefined;
        const dir = x2 >= x1 ? 1 : -1;
        const head = `M${x2},${yy} l${-7 * dir},-3.5 l0,7 z`;
        const marks = a.marks.map((m) => t(`mark.${m}`));
        const text =
          t('layer.segment', { frame: a.frame, header: a.header }) + (marks.length ? ` — ${marks.join(', ')}` : '');
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG arrow has no HTML equivalent
          <g
            key={a.key}
            data-testid="wire-arrow"
            data-kind={a.kind}
            data-frame={a.frame}
            data-from={a.from ?? ''}
            data-to={a.to ?? ''}
            data-label={a.label}
            data-marks={a.marks.join(' ')}
            tabIndex={0}
            role="img"
            aria-label={text}
            style={{ pointerEvents: 'visiblePainted', cursor: 'help' }}
            onMouseEnter={() => setActive(a.key)}
            onMouseLeave={() => setActive((k) => (k === a.key ? null : k))}
            onFocus={() => setActive(a.key)}
            onBlur={() => setActive((k) => (k === a.key ? null : k))}
          >
            <title>{text}</title>
            {/* A wide transparent stroke: a thin arrow is still easy to point at. */}
            <line x1={x1} x2={x2} y1={yy} y2={yy} stroke="transparent" strokeWidth={10} />
            <line
              x1={x1}
              x2={x2}
              y1={yy}
              y2={yy}
              stroke={color}
              strokeWidth={a.marks.includes('retransmission') ? 2.5 : a.pureAck ? 1 : 1.5}
              strokeDasharray={dash}
            />
            <path d={head} fill={color} />
            <text
              x={(x1 + x2) / 2}
              y={yy - 3}
              textAnchor="middle"
              fontSize={10}
              fontFamily={MONO}
              fill={a.pureAck ? COLOR.text : color}
            >
              {a.label}
              {a.marks.includes('zeroWindow') ? ' win 0' : ''}
              {a.marks.includes('retransmission') ? ' ↻' : ''}
            </text>
          </g>
        );
      })}
      {shown && (
        <g data-testid="wire-details" pointerEvents="none">
          <rect
            x={boxX}
            y={Math.max(2, y(shown.y) - 34)}
            width={boxWidth}
            height={20}
            rx={4}
            fill="#fff"
            stroke={colorOf(shown)}
          />
          <text x={boxX + 6} y={Math.max(2, y(shown.y) - 34) + 14} fontSize={11} fontFamily={MONO} fill={COLOR.text}>
            #{shown.frame} {shown.header}
          </text>
        </g>
      )}
    </svg>
  );
}
