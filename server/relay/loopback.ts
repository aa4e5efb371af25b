import type { Family } from '../../shared/protocol';

/** Where relays and a compare run's ends live: the loopback address of each family. */
export const LOOPBACK: Record<Family, string> = { 4: '127.0.0.1', 6: '::1' };
