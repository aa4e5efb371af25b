/**
 * The scoreboard's rows, in order: the component draws them and the e2e page object reads them (a plain
 * .ts module, so e2e/, which cannot import the .tsx, shares the one list).
 */
export const METRICS = [
  'sent',
  'delivered',
  'lost',
  'inFlight',
  'duplicated',
  'outOfOrder',
  'boundaries',
  'latencyP50',
  'latencyP95',
  'latencyMax',
  'retransmits',
  'bytesResent',
] as const;
export type Metric = (typeof METRICS)[number];
