/**
 * The address students open, as a QR code: drawn in the terminal by `npm start -- --class`, and as SVG for
 * the teacher's page and the projector (GET /api/class/qr.svg). Drawn by the server with the `qrcode`
 * package, so the page carries no QR encoder of its own.
 */
import QRCode from 'qrcode';

/** Error correction M (15 %): a code a phone reads off a projector from the back of the room. */
const OPTIONS = { errorCorrectionLevel: 'M' } as const;

/** Dark modules on light paper with a quiet zone, whatever the page's theme: phones read it either way. */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: 'svg', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}

/** Half-block characters, two modules a character, for a terminal (light modules drawn, as terminals are dark). */
export function qrTerminal(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: 'terminal', small: true });
}
