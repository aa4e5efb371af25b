import { recordingFileName } from '../../../shared/recording';
import { downloadBlob } from '../../recording/download';

/** The diagram as a standalone SVG file: every style is an attribute already, so only the namespace is added. */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.removeAttribute('style'); // the on-screen scale; the file keeps the drawn size
  // Interaction hooks mean nothing in a file.
  for (const el of clone.querySelectorAll('[tabindex],[role="button"]')) {
    el.removeAttribute('tabindex');
    el.removeAttribute('role');
    el.removeAttribute('aria-pressed');
    el.removeAttribute('style');
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Downloads the diagram as SVG, or as PNG drawn at twice its size (sharp on a projector). Returns the file name. */
export async function exportDiagram(svg: SVGSVGElement, format: 'svg' | 'png', now = new Date()): Promise<string> {
  const text = serializeSvg(svg);
  const name = recordingFileName(now, format).replace('allo-', 'allo-diagram-');
  const svgBlob = new Blob([text], { type: 'image/svg+xml' });
  if (format === 'svg') {
    downloadBlob(svgBlob, name);
    return name;
  }
  const png = await svgToPng(text, svg.width.baseVal.value, svg.height.baseVal.value, 2);
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
