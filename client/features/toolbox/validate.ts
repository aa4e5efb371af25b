import type { Payload } from '../../../shared/protocol';

/** A problem with what was typed: an i18n key of the toolbox namespace and its values. */
export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const fail = (key: string, values?: Problem['values']): { ok: false; problem: Problem } => ({
  ok: false,
  problem: values ? { key, values } : { key },
});

/**
 * A port as typed. For a local number (bind, listen) 0 means "any free port"
 * and the server's policy sets the lowest one allowed (ports below 1024 need
 * root); a remote one (connect, sendto) is 1–65535. Empty means 0 for listen.
 */
export function checkPort(raw: string, use: 'local' | 'remote', minPort = 1024): Checked<number> {
  const text = raw.trim();
  if (text === '') return use === 'local' ? { ok: true, value: 0 } : fail('problem.portRequired');
  if (!/^\d{1,5}$/.test(text)) return fail('problem.portNumber');
  const port = Number(text);
  if (use === 'remote') return port >= 1 && port <= 65535 ? { ok: true, value: port } : fail('problem.portRemote');
  if (port === 0 || (port >= minPort && port <= 65535)) return { ok: true, value: port };
  return fail('problem.portLocal', { min: minPort });
}

/** A host name or IP literal: not empty, no spaces, at most 253 characters. */
export function checkHost(raw: string): Checked<string> {
  const host = raw.trim();
  if (host === '') return fail('problem.hostRequired');
  if (/\s/.test(host) || host.length > 253) return fail('problem.hostInvalid');
  return { ok: true, value: host };
}

export type MessageMode = 'text' | 'hex' | 'base64';

const utf8 = new TextEncoder();

/**
 * The message as the command carries it, and its size in bytes. Hex is pairs of
 * digits (spaces allowed), so a student can send bytes that are not text.
 */
export function checkMessage(
  raw: string,
  mode: MessageMode,
  maxBytes: number,
): Checked<{ payload: Payload; bytes: number }> {
  let payload: Payload;
  let bytes: number;
  switch (mode) {
    case 'text':
      payload = { text: raw };
      bytes = utf8.encode(raw).byteLength;
      break;
    case 'hex': {
      const digits = raw.replace(/\s+/g, '');
      if (!/^[0-9a-fA-F]*$/.test(digits)) return fail('problem.hexDigits');
      if (digits.length % 2) return fail('problem.hexPairs');
      bytes = digits.length / 2;
      let bin = '';
      for (let i = 0; i < digits.length; i += 2) bin += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
      payload = { base64: btoa(bin) };
      break;
    }
    case 'base64': {
      const b64 = raw.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4) return fail('problem.base64');
      bytes = (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
      payload = { base64: b64 };
      break;
    }
  }
  if (bytes === 0) return fail('problem.messageEmpty');
  if (bytes > maxBytes) return fail('problem.messageTooBig', { bytes, max: maxBytes });
  return { ok: true, value: { payload, bytes } };
}
