import { forwardRef, memo } from 'react';
import type { TFunction } from '../../i18n/translator';
import type { Arrow, Lifeline, Mark, SequenceModel } from './model/types';
import { formatSeconds } from '../../lib/seconds';
import { FONT, GEOMETRY as G, MONO, type Palette } from './palette';

/** Where the model's lifelines and rows go, in SVG user units (shared by the header and the body). */
export interface DiagramLayout {
  width: number;
  col: Map<string, number>;
  /** y of a row of the model (window-relative, fractional) in the body's absolute coordinates. */
  y(row: number): number;
  /** The rows drawn: from just above the first to just below the cursor's. */
  top: number;
  height: number;
  /** Where open lifelines end. */
  bottom: number;
  /** The body's own extent, in whole blocks of rows: it stays the same for many steps (see DiagramBody). */
  svgTop: number;
  svgHeight: number;
}

/** Rows per block of the body's extent. */
const BLOCK = 64 * G.row;

export function diagramLayout(model: SequenceModel): DiagramLayout {
  const col = new Map(model.lifelines.map((l, i) => [l.id, G.left + i * G.col]));
  const base = model.firstRow;
  const y = (row: number) => G.pad + (base + Math.max(-0.5, row)) * G.row;
  const top = y(-0.5) - G.pad / 2;
  const bottom = y(model.rowSeqs.length) + 8;
  const end = bottom + G.bottom;
  const svgTop = Math.floor(top / BLOCK) * BLOCK;
  return {
    width: G.left + Math.max(1, model.lifelines.length) * G.col,
    col,
    y,
    top,
    height: end - top,
    bottom,
    svgTop,
    svgHeight: Math.ceil(end / BLOCK) * BLOCK - svgTop,
  };
}

interface HeadProps {
  lifelines: Lifeline[];
  layout: DiagramLayout;
  scale: number;
  palette: Palette;
  t: TFunction;
}

/** The lifelines' names and numbers: a strip of its own that stays at the top while the rows scroll. */
export const LifelineHeads = forwardRef<SVGSVGElement, HeadProps>(function LifelineHeads(
  { lifelines, layout, scale, palette: p, t },
  ref,
) {
  const { width, col } = layout;
  return (
    <svg
      ref={ref}
      className="sequence-heads"
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={G.head}
      viewBox={`0 0 ${width} ${G.head}`}
      style={{ width: width * scale, height: G.head * scale }}
      fontFamily={FONT}
      data-testid="sequence-heads"
    >
      <rect width={width} height={G.head} fill={p.paper} />
      {lifelines.map((l) => {
        const x = col.get(l.id)!;
        return (
          <g key={l.id} data-testid="lifeline-head" data-lifeline={l.id}>
            <rect
              x={x - G.col / 2 + 12}
              y={8}
              width={G.col - 24}
              height={56}
              rx={10}
              fill={l.external ? p.boxOutside : p.box}
              stroke={l.external ? p.lineOutside : p.ink}
              strokeDasharray={l.external ? '4 3' : undefined}
            />
            <text x={x} y={30} textAnchor="middle" fontSize={15} fontWeight={700} fill={p.ink}>
              {l.external ? t('outside') : `${l.title}${l.proto ? ` (${l.proto.toUpperCase()})` : ''}`}
            </text>
            <text x={x} y={51} textAnchor="middle" fontSize={13} fill={p.muted} fontFamily={MONO}>
              {l.endpoint}
            </text>
          </g>
        );
      })}
    </svg>
  );
});

interface BodyProps {
  model: SequenceModel;
  layout: DiagramLayout;
  scale: number;
  rowTimes: number[];
  selected: string | null;
  onSelect(key: string): void;
  palette: Palette;
  t: TFunction;
  /** The page's language: row times are written its way (0,125 s in French). */
  lang: string;
}

/**
 * The rows: plain SVG with inline attributes, so it can be exported as is. Every
 * row, arrow and mark keeps its absolute position as the cursor moves, and each
 * is a memoised component, so one step redraws only what the step changed.
 */
export const DiagramBody = forwardRef<SVGSVGElement, BodyProps>(function DiagramBody(
  { model, layout, scale, rowTimes, selected, onSelect, palette: p, t, lang },
  ref,
) {
  const { lifelines, arrows, marks, rowSeqs } = model;
  const { width, col, y, top, height, bottom, svgTop, svgHeight } = layout;
  const rows = rowSeqs.length;
  // Where to write an arrow's label: near the sender when several arrows converge (a merge),
  // near the receiver when several leave one send (a split), so the labels do not pile up.
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const starts = new Map<string, number>();
  const ends = new Map<string, number>();
  // A mark goes on the side of its lifeline that the arrows at its row do not use.
  const sides = new Map<string, number>();
  for (const a of arrows) {
    count(starts, `${a.from}@${a.y1}`);
    count(ends, `${a.to}@${a.y2}`);
    const x1 = col.get(a.from)!;
    const x2 = col.get(a.to)!;
    sides.set(`${a.from}@${a.y1}`, (sides.get(`${a.from}@${a.y1}`) ?? 0) + (x2 > x1 ? 1 : -1));
    sides.set(`${a.to}@${a.y2}`, (sides.get(`${a.to}@${a.y2}`) ?? 0) + (x1 > x2 ? 1 : -1));
  }
  const first = lifelines[0] ? col.get(lifelines[0].id)! : G.left;
  const markOnLeft = (m: Mark) => (sides.get(`${m.lifeline}@${m.y}`) ?? 0) > 0 && first < col.get(m.lifeline)!;
  const labelAt = (a: Arrow) =>
    (starts.get(`${a.from}@${a.y1}`) ?? 0) > 1 ? 0.72 : (ends.get(`${a.to}@${a.y2}`) ?? 0) > 1 ? 0.28 : 0.5;

  // The SVG's size and viewBox change only every BLOCK rows: a new viewBox would make the browser
  // lay out every element again (that was most of a step's time). The box around it clips it to
  // the rows drawn, from the first to the cursor's, and moving that clip costs nothing.
  return (
    <div className="sequence-clip" style={{ height: height * scale }}>
      <svg
        ref={ref}
        className="sequence-body-svg"
        xmlns="http://www.w3.org/2000/svg"
        width={width}
        height={svgHeight}
        viewBox={`0 ${svgTop} ${width} ${svgHeight}`}
        style={{
          width: width * scale,
          height: svgHeight * scale,
          transform: `translateY(${(svgTop - top) * scale}px)`,
        }}
        data-frame={`${top} ${height}`}
        fontFamily={FONT}
        role="group"
        aria-label={t('svgLabel', { sockets: lifelines.length, arrows: arrows.length })}
        data-testid="sequence-svg"
      >
        <defs>
          {(Object.keys(p.arrow) as (keyof Palette['arrow'])[]).map((k) => (
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
              <path d="M0,0 L10,5 L0,10 z" fill={p.arrow[k]} />
            </marker>
          ))}
        </defs>
        <rect x={0} y={svgTop} width={width} height={svgHeight} fill={p.paper} />
        {rowSeqs.map((seq, i) => (
          <RowBand
            key={seq}
            seq={seq}
            y={y(i)}
            seconds={formatSeconds(rowTimes[i] ?? 0, lang)}
            odd={(model.firstRow + i) % 2 === 1}
            width={width}
            palette={p}
          />
        ))}
        {rows > 0 && (
          <line
            data-testid="sequence-cursor"
            x1={0}
            x2={width}
            y1={y(rows - 1) + G.row / 2}
            y2={y(rows - 1) + G.row / 2}
            stroke={p.cursor}
            strokeWidth={2}
            strokeDasharray="6 4"
          />
        )}
        {lifelines.map((l) => (
          <LifelineLine
            key={l.id}
            id={l.id}
            x={col.get(l.id)!}
            y1={y(l.y1)}
            y2={l.y2 === null ? bottom : y(l.y2)}
            ended={l.y2 !== null}
            external={l.external}
            palette={p}
          />
        ))}
        {marks.map((m) => (
          <MarkGlyph
            key={m.key}
            kind={m.kind}
            label={m.label}
            x={col.get(m.lifeline)!}
            y={y(m.y)}
            left={markOnLeft(m)}
            palette={p}
          />
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
            palette={p}
            t={t}
          />
        ))}
      </svg>
    </div>
  );
});

const RowBand = memo(function RowBand(props: {
  seq: number;
  y: number;
  seconds: string;
  odd: boolean;
  width: number;
  palette: Palette;
}) {
  const { seq, y, seconds, odd, width, palette: p } = props;
  return (
    <g>
      {odd && <rect x={0} y={y - G.row / 2} width={width} height={G.row} fill={p.band} />}
      <text x={10} y={y + 4} fontSize={12} fill={p.muted} fontFamily={MONO}>
        #{seq} {seconds}s
      </text>
    </g>
  );
});

const LifelineLine = memo(function LifelineLine(props: {
  id: string;
  x: number;
  y1: number;
  y2: number;
  ended: boolean;
  external: boolean;
  palette: Palette;
}) {
  const { id, x, y1, y2, ended, external, palette: p } = props;
  return (
    <g data-testid="lifeline" data-lifeline={id}>
      <line
        x1={x}
        x2={x}
        y1={y1}
        y2={y2}
        stroke={external ? p.lineOutside : p.ink}
        strokeWidth={external ? 1.5 : 2}
        strokeDasharray={external ? '3 5' : undefined}
      />
      {ended && <line x1={x - 14} x2={x + 14} y1={y2} y2={y2} stroke={p.ink} strokeWidth={3} />}
    </g>
  );
});

const MarkGlyph = memo(function MarkGlyph(props: {
  kind: Mark['kind'];
  label: string;
  x: number;
  y: number;
  left: boolean;
  palette: Palette;
}) {
  const { kind, label, x, y, left, palette: p } = props;
  const color = p.mark[kind];
  const w = label.length * 7.4 + 14;
  const bx = left ? x - 8 - w : x + 8;
  return (
    <g data-testid="seq-mark" data-kind={kind}>
      <rect x={bx} y={y - 10} width={w} height={20} rx={10} fill={p.box} stroke={color} strokeWidth={1.5} />
      {kind === 'error' && (
        <path
          d={`M${x - 6},${y - 6} L${x + 6},${y + 6} M${x + 6},${y - 6} L${x - 6},${y + 6}`}
          stroke={color}
          strokeWidth={3}
        />
      )}
      <text x={bx + 7} y={y + 4.5} fontSize={12.5} fill={color} fontFamily={MONO} fontWeight={600}>
        {label}
      </text>
    </g>
  );
});

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
  palette: Palette;
  t: TFunction;
}

/** The model is rebuilt at every step: an arrow is redrawn only when something it shows changed. */
const sameArrow = (a: ArrowProps, b: ArrowProps) =>
  a.x1 === b.x1 &&
  a.x2 === b.x2 &&
  a.y1 === b.y1 &&
  a.y2 === b.y2 &&
  a.labelAt === b.labelAt &&
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.palette === b.palette &&
  a.t === b.t &&
  a.arrow.key === b.arrow.key &&
  a.arrow.kind === b.arrow.kind &&
  a.arrow.fate === b.arrow.fate &&
  a.arrow.label === b.arrow.label &&
  a.arrow.note === b.arrow.note &&
  a.arrow.sentSeq === b.arrow.sentSeq &&
  a.arrow.receivedSeq === b.arrow.receivedSeq;

const ArrowLine = memo(function ArrowLine({
  arrow: a,
  x1,
  x2,
  y1,
  y2,
  labelAt,
  selected,
  onSelect,
  palette: p,
  t,
}: ArrowProps) {
  const color = p.arrow[a.kind];
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
      {selected && <path d={path} stroke={p.selected} strokeWidth={10} fill="none" strokeLinecap="round" />}
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
          stroke={p.arrow.rst}
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
        stroke={p.paper}
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
}, sameArrow);
