import { forwardRef } from 'react';
import type { TFunction } from 'i18next';
import type { Arrow, Mark, SequenceModel } from './model/types';
import { ARROW_COLOR, FONT, GEOMETRY as G, INK, MARK_COLOR, MONO, MUTED, PAPER } from './palette';

interface Props {
  model: SequenceModel;
  /** Display scale (the file keeps the drawn size). */
  scale: number;
  rowTimes: number[];
  selected: string | null;
  onSelect(key: string): void;
  t: TFunction<'sequence'>;
}

const kinds = Object.keys(ARROW_COLOR) as (keyof typeof ARROW_COLOR)[];

/** The diagram itself: plain SVG with inline attributes, so it can be exported as is. */
export const DiagramSvg = forwardRef<SVGSVGElement, Props>(function DiagramSvg(
  { model, scale, rowTimes, selected, onSelect, t },
  ref,
) {
  const { lifelines, arrows, marks, rowSeqs } = model;
  const col = new Map(lifelines.map((l, i) => [l.id, G.left + i * G.col]));
  const rows = rowSeqs.length;
  const y = (row: number) => G.top + 24 + Math.max(-0.5, row) * G.row;
  const bottom = y(rows) + 8;
  const width = G.left + Math.max(1, lifelines.length) * G.col;
  const height = bottom + G.bottom;
  // Where to write an arrow's label: near the sender when several arrows converge (a merge),
  // near the receiver when several leave one send (a split), so the labels do not pile up.
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  for (const a of arrows) {
    count(starts, `${a.from}@${a.y1}`);
    count(ends, `${a.to}@${a.y2}`);
  }
  // A mark goes on the side of its lifeline that the arrows at its row do not use.
  const markOnLeft = (m: Mark) => {
    const x = col.get(m.lifeline)!;
    let right = 0;
    for (const a of arrows) {
      if (a.from === m.lifeline && a.y1 === m.y) right += col.get(a.to)! > x ? 1 : -1;
      if (a.to === m.lifeline && a.y2 === m.y) right += col.get(a.from)! > x ? 1 : -1;
    }
    return right > 0 && x - G.left >= 0 && col.get(lifelines[0]!.id)! < x;
  };
  const labelAt = (a: Arrow) =>
    (starts.get(`${a.from}@${a.y1}`) ?? 0) > 1 ? 0.72 : (ends.get(`${a.to}@${a.y2}`) ?? 0) > 1 ? 0.28 : 0.5;

  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ width: width * scale, height: height * scale }}
      fontFamily={FONT}
      role="group"
      aria-label={t('svgLabel', { sockets: lifelines.length, arrows: arrows.length })}
      data-testid="sequence-svg"
    >
      <defs>
        {kinds.map((k) => (
          <marker
            key={k}
            id={`head-${k}`}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" fill={ARROW_COLOR[k]} />
          </marker>
        ))}
      </defs>
      <rect width={width} height={height} fill={PAPER} />
      {rowSeqs.map((seq, i) => (
        <g key={seq}>
          {i % 2 === 1 && <rect x={0} y={y(i) - G.row / 2} width={width} height={G.row} fill="#f6f1e8" opacity={0.6} />}
          <text x={10} y={y(i) + 4} fontSize={12} fill={MUTED} fontFamily={MONO}>
            #{seq} {((rowTimes[i] ?? 0) / 1000).toFixed(3)}s
          </text>
        </g>
      ))}
      {rows > 0 && (
        <line
          x1={0}
          x2={width}
          y1={y(rows - 1) + G.row / 2}
          y2={y(rows - 1) + G.row / 2}
          stroke="#c2410c"
          strokeWidth={2}
          strokeDasharray="6 4"
        />
      )}
      {lifelines.map((l) => {
        const x = col.get(l.id)!;
        const y1 = Math.max(G.top, y(l.y1));
        const y2 = l.y2 === null ? bottom : y(l.y2);
        return (
          <g key={l.id} data-testid="lifeline" data-lifeline={l.id}>
            <line
              x1={x}
              x2={x}
              y1={y1}
              y2={y2}
              stroke={l.external ? '#a8a29e' : INK}
              strokeWidth={l.external ? 1.5 : 2}
              strokeDasharray={l.external ? '3 5' : undefined}
            />
            {l.y2 !== null && <line x1={x - 14} x2={x + 14} y1={y2} y2={y2} stroke={INK} strokeWidth={3} />}
            <rect
              x={x - G.col / 2 + 12}
              y={10}
              width={G.col - 24}
              height={56}
              rx={10}
              fill={l.external ? '#f5f5f4' : '#fff'}
              stroke={l.external ? '#a8a29e' : INK}
              strokeDasharray={l.external ? '4 3' : undefined}
            />
            <text x={x} y={32} textAnchor="middle" fontSize={15} fontWeight={700} fill={INK}>
              {l.external ? t('outside') : `${l.title}${l.proto ? ` (${l.proto.toUpperCase()})` : ''}`}
            </text>
            <text x={x} y={53} textAnchor="middle" fontSize={13} fill={MUTED} fontFamily={MONO}>
              {l.endpoint}
            </text>
          </g>
        );
      })}
      {marks.map((m) => (
        <MarkGlyph key={m.key} mark={m} x={col.get(m.lifeline)!} y={y(m.y)} left={markOnLeft(m)} />
      ))}
      {arrows.map((a) => (
        <ArrowLine
          key={a.key}
          arrow={a}
          x1={col.get(a.from)!}
          x2={col.get(a.to)!}
          y1={y(a.y1)}
          y2={y(a.y2)}
          labelAt={labelAt(a)}
          selected={selected === a.key}
          onSelect={onSelect}
          t={t}
        />
      ))}
      <text x={10} y={height - 20} fontSize={12} fill={MUTED}>
        {t('kernelNote')}
      </text>
    </svg>
  );
});

function MarkGlyph({ mark, x, y, left }: { mark: Mark; x: number; y: number; left: boolean }) {
  const color = MARK_COLOR[mark.kind];
  const w = mark.label.length * 7.4 + 14;
  const bx = left ? x - 8 - w : x + 8;
  return (
    <g data-testid="seq-mark" data-kind={mark.kind}>
      <rect x={bx} y={y - 10} width={w} height={20} rx={10} fill="#fff" stroke={color} strokeWidth={1.5} />
      {mark.kind === 'error' && (
        <path
          d={`M${x - 6},${y - 6} L${x + 6},${y + 6} M${x + 6},${y - 6} L${x - 6},${y + 6}`}
          stroke={color}
          strokeWidth={3}
        />
      )}
      <text x={bx + 7} y={y + 4.5} fontSize={12.5} fill={color} fontFamily={MONO} fontWeight={600}>
        {mark.label}
      </text>
    </g>
  );
}

interface ArrowProps {
  arrow: Arrow;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  /** Fraction of the way along the arrow where its label goes. */
  labelAt: number;
  selected: boolean;
  onSelect(key: string): void;
  t: TFunction<'sequence'>;
}

function ArrowLine({ arrow: a, x1, x2, y1, y2, labelAt, selected, onSelect, t }: ArrowProps) {
  const color = ARROW_COLOR[a.kind];
  // A postcard that nobody receives stops part of the way, at a cross.
  const ex = a.fate === 'nowhere' ? x1 + (x2 - x1) * 0.6 : x2;
  const ey = a.fate === 'nowhere' ? y1 + (y2 - y1) * 0.6 : y2;
  const same = x1 === x2;
  const path = same ? `M${x1},${y1} C${x1 + 60},${y1} ${x1 + 60},${ey} ${ex},${ey}` : `M${x1},${y1} L${ex},${ey}`;
  const mx = same ? x1 + 48 : x1 + (ex - x1) * labelAt;
  const my = y1 + (ey - y1) * labelAt - 5;
  const dashed = a.fate === 'in-flight' || a.fate === 'nowhere' || a.kind === 'accept' || a.note === 'outside';
  const describe = t('arrowLabel', { kind: t(`kind.${a.kind}`), label: a.label, fate: t(`fate.${a.fate}`) });
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={describe}
      aria-pressed={selected}
      data-testid="seq-arrow"
      data-kind={a.kind}
      data-fate={a.fate}
      data-sent={a.sentSeq}
      data-received={a.receivedSeq}
      style={{ cursor: 'pointer', outline: 'none' }}
      onClick={() => onSelect(a.key)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          onSelect(a.key);
        }
      }}
    >
      <path d={path} stroke="transparent" strokeWidth={16} fill="none" />
      {selected && <path d={path} stroke="#fde047" strokeWidth={10} fill="none" strokeLinecap="round" />}
      <path
        d={path}
        stroke={color}
        strokeWidth={selected ? 3.2 : 2.2}
        fill="none"
        strokeDasharray={dashed ? '7 5' : undefined}
        markerEnd={a.fate === 'nowhere' ? undefined : `url(#head-${a.kind})`}
        opacity={a.fate === 'in-flight' ? 0.75 : 1}
      />
      {a.fate === 'nowhere' && (
        <path
          d={`M${ex - 7},${ey - 7} L${ex + 7},${ey + 7} M${ex + 7},${ey - 7} L${ex - 7},${ey + 7}`}
          stroke="#b91c1c"
          strokeWidth={3}
        />
      )}
      <text
        x={mx}
        y={my}
        textAnchor="middle"
        fontSize={13}
        fontFamily={a.kind === 'data' || a.kind === 'datagram' ? MONO : FONT}
        fontWeight={600}
        fill={color}
        stroke="#fffdf9"
        strokeWidth={4}
        paintOrder="stroke"
      >
        {a.label}
        {a.note && a.kind !== 'data'
          ? ` (${a.note.startsWith('no-receiver') ? t('noReceiver') : a.note === 'lost' ? t('lost') : a.note === 'outside' ? t('toOutside') : a.note})`
          : ''}
      </text>
    </g>
  );
}
