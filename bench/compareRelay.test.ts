/** Keeps bench (d) runnable at a tiny size: every datagram and byte is carried. No figure is asserted. */
import { describe, expect, it } from 'vitest';
import { measureRelays } from './compareRelay';

describe('bench smoke (d)', () => {
  it('carries every datagram and byte through the relays and measures a finite rate', async () => {
    const r = await measureRelays(200, 256 * 1024, 800);
    for (const x of [r.udp.direct, r.udp.relayed, r.tcp.direct, r.tcp.relayed, r.capped.measuredKbps]) {
      expect(Number.isFinite(x) && x > 0).toBe(true);
    }
  });
});
