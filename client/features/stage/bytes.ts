import type { Data } from '../../../shared/protocol';

/** The first bytes of a chunk as spaced hex pairs ("48 65 6c…"). */
export function hexPreview(data: Data, maxBytes = 12): string {
  const bin = atob(data.base64);
  const n = Math.min(bin.length, maxBytes);
  const pairs: string[] = [];
  for (let i = 0; i < n; i++) pairs.push(bin.charCodeAt(i).toString(16).padStart(2, '0'));
  return pairs.join(' ') + (bin.length > n || data.truncated ? ' …' : '');
}

// Control characters other than tab/newline make "text" unreadable: show hex then.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * What a speech bubble or postcard says: the text when the bytes are readable
 * UTF-8, hex otherwise (or when asked). Always plain text, never HTML.
 */
export function bytesLabel(data: Data, hex: boolean, maxChars = 28): { text: string; hex: boolean } {
  if (hex || data.text === undefined || CONTROL.test(data.text)) return { text: hexPreview(data), hex: true };
  const flat = data.text.replace(/\r?\n/g, '⏎');
  const cut = flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat;
  return { text: data.truncated && cut === flat ? `${cut}…` : cut, hex: false };
}
