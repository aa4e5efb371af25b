import type { DirectoryEntry } from '../../../shared/class';
import { store } from '../../store';
import type { useCommand } from '../toolbox';

type Run = ReturnType<typeof useCommand>['run'];

/**
 * Calls a published name in one gesture, as a C program would: look the name up in the phone book
 * (getaddrinfo), pick up a handset of the right kind (socket), dial the answer (connect — for UDP,
 * the default peer). Each step is a real command; the first refusal stops it and is shown.
 */
export async function dial(run: Run, name: string): Promise<DirectoryEntry | null> {
  const entry = await run({ op: 'directory-lookup', name });
  if (!entry) return null;
  const created = await run({ op: 'socket', proto: entry.proto, family: entry.family, label: name });
  if (!created) return null;
  store.getState().selectSocket(created.socket);
  const connected = await run({ op: 'connect', socket: created.socket, host: entry.address, port: entry.port });
  return connected ? entry : null;
}
