/**
 * What a compare run is made of: the script both lanes play (N messages of S
 * bytes every I ms) and the link they cross (loss, delay, jitter, reordering,
 * duplication, bandwidth, seed). zod/mini, because the page imports these too.
 */
import * as z from 'zod/mini';
import { COMPARE_LIMITS as L } from './limits';

const int = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
const num = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));

/** The script both lanes play at the same time. */
export const CompareScript = z.strictObject({
  /** Messages per lane. */
  count: int(1, L.maxCount),
  /** Bytes per message (each one starts with its number, "#0042:"). */
  size: int(L.minSize, L.maxSize),
  /** Milliseconds between two sends, paced by the server. */
  intervalMs: int(L.minIntervalMs, L.maxIntervalMs),
});
export type CompareScript = z.infer<typeof CompareScript>;

/** The degradable link between the two ends of each lane. */
export const LinkParams = z.strictObject({
  /** Chance (percent) that the link loses a UDP datagram. TCP cannot lose: the kernel resends. */
  lossPct: num(0, 100),
  /** One-way delay added to every datagram and every chunk of the TCP stream. */
  delayMs: num(0, L.maxDelayMs),
  /** Each delay is drawn uniformly in delay ± jitter (never below zero). */
  jitterMs: num(0, L.maxJitterMs),
  /** Chance (percent) that a UDP datagram is held back until the next one has overtaken it. */
  reorderPct: num(0, 100),
  /** Chance (percent) that a UDP datagram is delivered twice. */
  duplicatePct: num(0, 100),
  /** Bandwidth cap in kbit/s; 0 means no cap. */
  bandwidthKbps: z.union([z.literal(0), num(L.minBandwidthKbps, L.maxBandwidthKbps)]),
  /** Seed of the link's random draws: the same seed gives the same decisions. */
  seed: int(0, 0xffffffff),
});
export type LinkParams = z.infer<typeof LinkParams>;

export type LinkField = Exclude<keyof LinkParams, 'seed'>;

/** The six link fields, in the form's order: what a link path splits between the kernel and the relay. */
export const LINK_FIELDS = [
  'lossPct',
  'delayMs',
  'jitterMs',
  'reorderPct',
  'duplicatePct',
  'bandwidthKbps',
] as const satisfies readonly LinkField[];

/** Names of the presets, in the order the page offers them. */
export const PRESET_NAMES = ['wired', 'wifi', 'satellite', 'terrible'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * Starting points a teacher can pick and then edit. The figures are typical
 * orders of magnitude, not measurements of a particular network.
 */
export const PRESETS: Record<PresetName, Omit<LinkParams, 'seed'>> = {
  /** A switched Ethernet LAN: sub-millisecond, nothing lost. */
  wired: { lossPct: 0, delayMs: 1, jitterMs: 0, reorderPct: 0, duplicatePct: 0, bandwidthKbps: 0 },
  /** Thirty laptops on one access point: some loss and retries, lots of jitter. */
  wifi: { lossPct: 3, delayMs: 15, jitterMs: 20, reorderPct: 2, duplicatePct: 1, bandwidthKbps: 2000 },
  /** A geostationary satellite: ~36,000 km up and down, so ~280 ms one way. */
  satellite: { lossPct: 1, delayMs: 280, jitterMs: 20, reorderPct: 0, duplicatePct: 0, bandwidthKbps: 1000 },
  /** Everything wrong at once. */
  terrible: { lossPct: 25, delayMs: 120, jitterMs: 80, reorderPct: 10, duplicatePct: 5, bandwidthKbps: 128 },
};

/**
 * A link that changes nothing: no loss, no delay, no cap. What the tests and the benches put between two
 * relays to measure the relays themselves (seed 1, though nothing here draws a number).
 */
export const UNTOUCHED_LINK: LinkParams = {
  lossPct: 0,
  delayMs: 0,
  jitterMs: 0,
  reorderPct: 0,
  duplicatePct: 0,
  bandwidthKbps: 0,
  seed: 1,
};

/** The defaults the compare view opens with. */
export const DEFAULT_SCRIPT: CompareScript = { count: 40, size: 64, intervalMs: 50 };
export const DEFAULT_LINK: LinkParams = { ...PRESETS.wifi, seed: 42 };

/**
 * How long a run is expected to take: the longer of the sending time and the
 * time the bandwidth cap needs to carry every byte, plus the worst delay.
 */
export function estimateRunMs(script: CompareScript, link: LinkParams): number {
  const sending = script.count * script.intervalMs;
  const carrying = link.bandwidthKbps > 0 ? (script.count * script.size * 8) / link.bandwidthKbps : 0;
  return Math.max(sending, carrying) + link.delayMs + link.jitterMs;
}
