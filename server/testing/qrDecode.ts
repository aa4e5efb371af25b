/**
 * Reads a QR code back, as a phone would, for the tests: from a PNG (a screenshot of the page's image) or from
 * the half-block text `qrcode` prints in a terminal. jsQR decodes; nothing here knows what the code should say.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text a QR code in a PNG image holds, or null when no code is found. */
export function decodePng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Strips the terminal's colour escapes. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * The text of a QR code drawn with half blocks (two modules a character: ▀ top dark, ▄ bottom dark, █ both,
 * space neither), or null. Each module becomes a 4×4 block of pixels on white, with a quiet zone around.
 */
export function decodeTerminal(text: string): string | null {
  const lines = plain(text)
    .split('\n')
    // The last line is the bottom border alone, drawn as white upper halves: it has no module.
    .filter((l) => /[▀▄█]/.test(l) && !/^▀+$/.test(l));
  if (lines.length === 0) return null;
  const rows: boolean[][] = [];
  for (const line of lines) {
    const chars = [...line];
    rows.push(chars.map((c) => c === '▀' || c === '█'));
    rows.push(chars.map((c) => c === '▄' || c === '█'));
  }
  const scale = 4;
  const quiet = 4;
  const w = Math.max(...rows.map((r) => r.length));
  const width = (w + 2 * quiet) * scale;
  const height = (rows.length + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  rows.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * width + (x + quiet) * scale + dx) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    });
  });
  return jsQR(data, width, height)?.data ?? null;
}
