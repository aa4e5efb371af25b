import { describe, expect, it } from 'vitest';
import { dataLine, hexDump } from './bytesView';

const data = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return { text, base64: btoa(String.fromCharCode(...bytes)) };
};

describe('bytes as text and hex', () => {
  it('shows text with visible newlines, or hex pairs', () => {
    expect(dataLine(data('GET /\r\n'), false)).toBe('GET /\\r⏎');
    expect(dataLine(data('Allô'), true)).toBe('41 6c 6c c3 b4');
    expect(dataLine({ base64: btoa('\x00\xff') }, false)).toBe('00 ff');
    expect(dataLine(data('x'.repeat(100)), false, 10)).toBe('xxxxxxxxx…');
  });

  it('dumps 16 bytes a line with stream offsets and ASCII', () => {
    const dump = hexDump(data('Hello, world! 0123456789'), 32).split('\n');
    expect(dump[0]).toBe('00000020  48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 20 30 31  Hello, world! 01');
    expect(dump[1]).toBe('00000030  32 33 34 35 36 37 38 39                          23456789');
  });
});
