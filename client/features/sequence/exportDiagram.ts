import { recordingFileName } from '../../../shared/recording';
import { downloadBlob } from '../../recording/download';
import { FONT, type Palette } from './palette';

export interface DiagramParts {
  /** The lifelines' heads (the sticky strip on screen). */
  heads: SVGSVGElement;
  /** The rows, whose viewBox frames the window of rows shown. */
  body: SVGSVGElement;
  /** The footnote, wrapped under the drawing. */
  note: string;
  palette: Palette;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Words of `text` in lines of at most `max` characters. */
export function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The diagram as one standalone SVG file: the heads above the rows, the footnote
 * wrapped to the drawing's width below. Every style is an attribute already.
 */
export function serializeDiagram({ heads, body, note, palette }: DiagramParts): {
  text: string;
  width: number;
  height: number;
} {
  const width = heads.width.baseVal.value;
  const headHeight = heads.height.baseVal.value;
  // The body is drawn in blocks of rows; the file frames the rows shown, as the page clips them.
  const [frameTop, bodyHeight] = (body.dataset.frame ?? `0 ${body.height.baseVal.value}`).split(' ').map(Number) as [
    number,
    number,
  ];
  const lines = wrapWords(note, Math.max(30, Math.floor((width - 20) / 6.6)));
  const height = headHeight + bodyHeight + 12 + lines.length * 16;
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  for (const [k, v] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT }))
    root.setAttribute(k, String(v));
  const paper = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width, height, fill: palette.paper })) paper.setAttribute(k, String(v));
  root.append(paper);
  const place = (svg: SVGSVGElement, y: number, attrs: Record<string, string> = {}) => {
    const clone = svg.cloneNode(true) as SVGSVGElement;
    for (const [k, v] of Object.entries(attrs)) clone.setAttribute(k, v);
    clone.removeAttribute('data-frame');
    clone.removeAttribute('style'); // the on-screen scale; the file keeps the drawn size
    clone.removeAttribute('class');
    clone.setAttribute('x', '0');
    clone.setAttribute('y', String(y));
    // Interaction hooks mean nothing in a file.
    for (const el of clone.querySelectorAll('[tabindex],[role="button"]')) {
      el.removeAttribute('tabindex');
      el.removeAttribute('role');
      el.removeAttribute('aria-pressed');
      el.removeAttribute('style');
    }
    root.append(clone);
  };
  place(heads, 0);
  place(body, headHeight, { viewBox: `0 ${frameTop} ${width} ${bodyHeight}`, height: String(bodyHeight) });
  lines.forEach((line, i) => {
    const text = document.createElementNS(SVG_NS, 'text');
    for (const [k, v] of Object.entries({
      x: 10,
      y: headHeight + bodyHeight + 14 + i * 16,
      'font-size': 12,
      fill: palette.muted,
    }))
      text.setAttribute(k, String(v));
    text.textContent = line;
    root.append(text);
  });
  return {
    text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`,
    width,
    height,
  };
}

/** Downloads the diagram as SVG, or as PNG drawn at twice its size (sharp on a projector). Returns the file name. */
export async function exportDiagram(parts: DiagramParts, format: 'svg' | 'png', now = new Date()): Promise<string> {
  const { text, width, height } = serializeDiagram(parts);
  const name = recordingFileName(now, format).replace('allo-', 'allo-diagram-');
  const svgBlob = new Blob([text], { type: 'image/svg+xml' });
  if (format === 'svg') {
    downloadBlob(svgBlob, name);
    return name;
  }
  const png = await svgToPng(text, width, height, 2);
  downloadBlob(png, name);
  return name;
}

async function svgToPng(svgText: string, width: number, height: number, scale: number): Promise<Blob> {
  // A data: URL, not a blob: one — the page's Content-Security-Policy allows images from 'self' and data: only.
  const img = new Image();
  img.decoding = 'async';
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
