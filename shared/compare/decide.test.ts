import { describe, expect, it } from 'vitest';
import { createPrng } from './prng';
import { LinkModel } from './decide';
import { PRESETS, type LinkParams, UNTOUCHED_LINK } from './link';

describe('createPrng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createPrng(7),
      b = createPrng(7),
      c = createPrng(8);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('is roughly uniform: 10,000 draws in 10 bins, each within 4σ of 1,000', () => {
    const r = createPrng(123);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) bins[Math.floor(r() * 10)]!++;
    // Binomial(10000, 0.1): σ = 30.
    for (const b of bins) expect(Math.abs(b - 1000)).toBeLessThan(120);
  });
});

describe('LinkModel.datagram', () => {
  const decide = (p: LinkParams, n: number) => {
    const m = new LinkModel(p);
    return Array.from({ length: n }, (_, i) => m.datagram(100, i * 10));
  };

  it('makes the same decisions for the same seed', () => {
    const p = { ...PRESETS.terrible, seed: 99 };
    expect(decide(p, 300)).toEqual(decide(p, 300));
    expect(decide({ ...p, seed: 100 }, 300)).not.toEqual(decide(p, 300));
  });

  it('loses the same datagrams whatever the duplication rate (four draws per datagram)', () => {
    const lost = (dup: number) =>
      decide({ ...UNTOUCHED_LINK, lossPct: 20, duplicatePct: dup, seed: 5 }, 500)
        .filter((d) => d.action === 'drop')
        .map((d) => d.n);
    expect(lost(0)).toEqual(lost(50));
  });

  it('loses about lossPct of datagrams (N=2000, 20%: 400 ± 3σ, σ = √(2000·0.2·0.8) ≈ 17.9)', () => {
    const dropped = decide({ ...UNTOUCHED_LINK, lossPct: 20, seed: 3 }, 2000).filter((d) => d.action === 'drop').length;
    expect(Math.abs(dropped - 400)).toBeLessThanOrEqual(54);
  });

  it('duplicates and reorders at the configured rates (N=2000, 10%: 200 ± 3σ, σ ≈ 13.4)', () => {
    const d = decide({ ...UNTOUCHED_LINK, duplicatePct: 10, reorderPct: 10, seed: 4 }, 2000);
    const dup = d.filter((x) => x.action === 'forward' && x.duplicate).length;
    const reo = d.filter((x) => x.action === 'forward' && x.reorder).length;
    expect(Math.abs(dup - 200)).toBeLessThanOrEqual(40);
    expect(Math.abs(reo - 200)).toBeLessThanOrEqual(40);
  });

  it('draws delays within delay ± jitter', () => {
    for (const x of decide({ ...UNTOUCHED_LINK, delayMs: 100, jitterMs: 30, seed: 2 }, 500)) {
      if (x.action !== 'forward') throw new Error('nothing should be lost');
      expect(x.delayMs).toBeGreaterThanOrEqual(70);
      expect(x.delayMs).toBeLessThanOrEqual(130);
    }
  });

  it('queues behind the bandwidth cap and drops when the queue passes maxQueueMs', () => {
    // 1000-byte datagrams at 80 kbit/s take 100 ms each on the wire; all arrive at t=0.
    const m = new LinkModel({ ...UNTOUCHED_LINK, bandwidthKbps: 80 }, 450);
    const d = Array.from({ length: 8 }, () => m.datagram(1000, 0));
    expect(d.slice(0, 5).map((x) => (x.action === 'forward' ? x.delayMs : -1))).toEqual([100, 200, 300, 400, 500]);
    expect(d.slice(5).every((x) => x.action === 'drop' && x.reason === 'queue')).toBe(true);
  });
});

describe('LinkModel.chunk', () => {
  it('never delivers a chunk before the one before it, even with jitter', () => {
    const m = new LinkModel({ ...UNTOUCHED_LINK, delayMs: 50, jitterMs: 50, seed: 11 });
    let last = -Infinity;
    for (let i = 0; i < 500; i++) {
      const at = i * 2 + m.chunk(64, i * 2).delayMs;
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
  });
  it('spreads a stream over time at the bandwidth cap', () => {
    const m = new LinkModel({ ...UNTOUCHED_LINK, bandwidthKbps: 8 }); // one byte per ms
    expect(m.chunk(100, 0).delayMs).toBe(100);
    expect(m.chunk(100, 0).delayMs).toBe(200);
    expect(m.backlogMs(50)).toBe(150);
  });
});
