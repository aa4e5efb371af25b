import { useCallback, useState } from 'react';
import type { CommandInput, ReplyError, ResultOf } from '../../../shared/protocol';
import { store } from '../../store';
import { enterLive } from '../timeline';
import { keepFocusAfterCommand } from '../../keyboard/focus';

/**
 * Runs one command at a time from the toolbox and keeps the last refusal, so
 * the panel can say it in words (code + message). Successes are seen on the
 * stage through their events, not here.
 */
export function useCommand() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError | null>(null);
  const run = useCallback(async <C extends CommandInput>(command: C): Promise<ResultOf<C['op']> | null> => {
    // Paused or replaying: back to live first, so what the command does is on screen (ToolboxGate says so).
    if (!enterLive(store)) return null;
    keepFocusAfterCommand(document.activeElement);
    setBusy(true);
    setError(null);
    try {
      const reply = await store.getState().send(command);
      if (!reply.ok) {
        setError(reply.error);
        return null;
      }
      return reply.result as ResultOf<C['op']>;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error, clearError: () => setError(null) };
}
