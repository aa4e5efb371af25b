/** The students' address as a QR code: read back with a real decoder (jsQR), as a phone's camera would. */
import { describe, expect, it } from 'vitest';
import { decodeTerminal } from '../testing/qrDecode';
import { qrSvg, qrTerminal } from './qr';

describe('the class QR code', () => {
  for (const url of ['http://192.168.1.23:3000/', 'http://[fd00::17]:3000/', 'http://allo-prof.local:41234/']) {
    it(`in the terminal, reads back as ${url}`, async () => {
      expect(decodeTerminal(await qrTerminal(url))).toBe(url);
    });
  }

  it('the decoder is no echo: text without a code reads as nothing', () => {
    expect(decodeTerminal('Class mode. Students open: http://192.168.1.23:3000/')).toBeNull();
  });

  it('as SVG: one image, dark modules on white whatever the theme', async () => {
    const svg = await qrSvg('http://192.168.1.23:3000/');
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('stroke="#000000"');
  });
});
