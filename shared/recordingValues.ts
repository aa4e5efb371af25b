/**
 * The values inside a recording's events, checked beyond their types: a file
 * is not the server, and what it says ends up on the page and in generated
 * programs. Addresses are IP literals, socket ids are `s<n>`, errno names are
 * capitals, labels and messages hold no invisible control characters, and a
 * text preview says the same bytes as its base64.
 */
import { fromBase64, toHex, utf8 } from './codegen/bytes';
import { jsStr } from './codegen/literals/js';
import type { Event } from './protocol';
import { ERROR_CODE_PATTERN, SOCKET_ID_PATTERN, SYSCALL_PATTERN, isHost, isIpLiteral, textProblem } from './safeValues';

export interface ValueProblem {
  path: string;
  message: string;
}

const SOCKET_KEYS = new Set(['socket', 'child', 'parent', 'listener', 'sender', 'receiver']);
const MAX_LABEL = 40;
const MAX_MESSAGE = 2000;

/** A value as a person can read it in an error message, invisible characters escaped, cut short. */
export function shown(value: string): string {
  const cut = [...value].length > 60 ? `${[...value].slice(0, 59).join('')}…` : value;
  return jsStr(cut);
}

function check(key: string, value: string): string | null {
  if (SOCKET_KEYS.has(key))
    return SOCKET_ID_PATTERN.test(value) ? null : `a socket id is "s" and a number (s1, s2…), not ${shown(value)}`;
  switch (key) {
    case 'address':
      return isIpLiteral(value) ? null : `an address is an IP address (127.0.0.1, ::1), not ${shown(value)}`;
    case 'host':
      return value.length <= 253 && isHost(value)
        ? null
        : `a host is an IP address or a host name (localhost), not ${shown(value)}`;
    case 'code':
      return ERROR_CODE_PATTERN.test(value) ? null : `an error code is in capitals (ECONNREFUSED), not ${shown(value)}`;
    case 'syscall':
      return SYSCALL_PATTERN.test(value) ? null : `a system call is a lowercase name (connect), not ${shown(value)}`;
    case 'state':
      return /^[A-Z][A-Z0-9_]{0,15}$/.test(value)
        ? null
        : `a kernel state is a name like ESTABLISHED, not ${shown(value)}`;
    case 'label': {
      if ([...value].length > MAX_LABEL) return `a label has at most ${MAX_LABEL} characters`;
      const problem = textProblem(value);
      return problem ? `the label ${problem}: ${shown(value)}` : null;
    }
    case 'message': {
      if (value.length > MAX_MESSAGE) return `a message has at most ${MAX_MESSAGE} characters`;
      const problem = textProblem(value, true);
      return problem ? `the message ${problem}: ${shown(value)}` : null;
    }
    default:
      return null;
  }
}

function walk(value: unknown, path: string, key: string): ValueProblem | null {
  if (typeof value === 'string') {
    const message = check(key, value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = walk(value[i], `${path}[${i}]`, key);
      if (p) return p;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      // `data` holds the bytes themselves: any bytes may cross a network (checked below against their base64).
      if (k === 'data') continue;
      const p = walk(v, `${path}.${k}`, k);
      if (p) return p;
    }
  }
  return null;
}

/** The first value of an event that a recording may not hold, with where it is; null when all are fine. */
export function eventValueProblem(e: Event, path: string): ValueProblem | null {
  // A capture event's `state` is the schema's own enum (on, off…), not a kernel state name.
  const found = e.kind === 'capture' ? walk({ ...e, state: undefined }, path, '') : walk(e, path, '');
  if (found) return found;
  if (e.kind === 'service' && (e.name.length > 64 || textProblem(e.name)))
    return { path: `${path}.name`, message: `a service name is one short line of visible text, not ${shown(e.name)}` };
  if ((e.kind === 'sent' || e.kind === 'received') && e.data.text !== undefined && !e.data.truncated) {
    if (toHex(utf8(e.data.text)) !== toHex(fromBase64(e.data.base64)))
      return { path: `${path}.data.text`, message: 'the text preview does not say the same bytes as the base64' };
  }
  return null;
}
