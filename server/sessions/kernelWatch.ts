import { readKernelSockets } from '../kernel';
import type { Session } from './Session';

/**
 * One reader of the kernel's socket table for the whole server: every
 * `intervalMs` (only while some session has sockets) it reads /proc/net once
 * and lets each session report what changed (`kernel` events). Polling shows
 * the states that last — LISTEN, ESTABLISHED, FIN_WAIT2, CLOSE_WAIT, a growing
 * rxQueue while a reader is paused — not a SYN_SENT that lasts microseconds on
 * loopback.
 */
export function startKernelWatch(sessions: () => Iterable<Session>, intervalMs: number): () => void {
  let reading = false;
  const timer = setInterval(() => {
    if (reading) return;
    const live = [...sessions()].filter((s) => s.registry.openCount > 0);
    if (live.length === 0) return;
    reading = true;
    readKernelSockets()
      .then((table) => {
        for (const s of live) s.sampleKernel(table);
      })
      .catch(() => {
        // An unreadable table is the same as no kernel capability: nothing to report.
      })
      .finally(() => {
        reading = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
