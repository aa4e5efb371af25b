import type { CommandInput, EventInput, Proto } from '../../../shared/protocol';
import { checkHost, type Checked } from './validate';

/**
 * The two directory actions of the toolbox, defined once like the socket
 * actions (actions.ts): the look-ups a program makes before it has a socket —
 * the number (`getaddrinfo()` / `gethostbyname()`) and the extension
 * (`getservbyname()`). What they ask, the command they send, and the events
 * that command causes, from which shared/codegen prints the C preview.
 */
export type DirectoryAction = 'lookup' | 'service';

export interface DirectoryValues {
  /** The host name (lookup) or the service name (service). */
  name: string;
  proto: Proto;
}

export interface DirectoryDef {
  /** Whether the form asks for the protocol (a service is looked up per protocol). */
  wantsProto: boolean;
  check(raw: string): Checked<string>;
  toCommand(v: DirectoryValues): CommandInput;
  /** The events the command will cause, as far as the program is concerned (the answer itself is the kernel's). */
  toEvents(v: DirectoryValues): EventInput[];
  /** The C call named on the run button. */
  api: string;
  /** The value the field starts with. */
  initial: string;
}

/** A service name as getservbyname() takes it: one word, at most 64 characters, not a number. */
export function checkServiceName(raw: string): Checked<string> {
  const name = raw.trim();
  if (name === '') return { ok: false, problem: { key: 'problem.serviceRequired' } };
  if (/\s/.test(name) || name.length > 64) return { ok: false, problem: { key: 'problem.serviceInvalid' } };
  if (/^\d+$/.test(name)) return { ok: false, problem: { key: 'problem.serviceNumber' } };
  return { ok: true, value: name };
}

export const DIRECTORY: Record<DirectoryAction, DirectoryDef> = {
  lookup: {
    wantsProto: false,
    check: checkHost,
    toCommand: (v) => ({ op: 'lookup', host: v.name }),
    toEvents: (v) => [{ kind: 'lookup', host: v.name, addresses: [] }],
    api: 'getaddrinfo()',
    initial: 'localhost',
  },
  service: {
    wantsProto: true,
    check: checkServiceName,
    toCommand: (v) => ({ op: 'service', name: v.name, proto: v.proto }),
    toEvents: (v) => [{ kind: 'service', name: v.name, proto: v.proto, port: 0, source: 'builtin' }],
    api: 'getservbyname()',
    initial: 'echo',
  },
};

export const DIRECTORY_ACTIONS: readonly DirectoryAction[] = ['lookup', 'service'];
