/**
 * The link controls as pure data: fields as the person types them (strings,
 * so an empty box is not silently 0), presets, and the `compare` command they
 * make — validated by the same schemas as the server.
 */
import { CompareScript, LinkParams, PRESETS, PRESET_NAMES, type PresetName } from '../../../shared/compare/link';
import { COMPARE_LIMITS as L } from '../../../shared/compare/limits';
import type { CommandInput } from '../../../shared/protocol';

export type ScriptField = keyof CompareScript;
export type LinkFieldName = keyof LinkParams;
export type FieldName = ScriptField | LinkFieldName;

export interface FieldSpec {
  name: FieldName;
  group: 'script' | 'link';
  min: number;
  max: number;
  step: number;
  /** i18n key of the unit, under compare:unit. */
  unit: 'msgs' | 'bytes' | 'ms' | 'pct' | 'kbps' | 'none';
  /** Which lanes the setting acts on (UDP-only settings say so next to the field). */
  lanes: 'both' | 'udp';
}

/** The fields in the order the page shows them, with the bounds the server enforces. */
export const FIELDS: readonly FieldSpec[] = [
  { name: 'count', group: 'script', min: 1, max: L.maxCount, step: 1, unit: 'msgs', lanes: 'both' },
  { name: 'size', group: 'script', min: L.minSize, max: L.maxSize, step: 1, unit: 'bytes', lanes: 'both' },
  {
    name: 'intervalMs',
    group: 'script',
    min: L.minIntervalMs,
    max: L.maxIntervalMs,
    step: 1,
    unit: 'ms',
    lanes: 'both',
  },
  { name: 'lossPct', group: 'link', min: 0, max: 100, step: 0.5, unit: 'pct', lanes: 'udp' },
  { name: 'delayMs', group: 'link', min: 0, max: L.maxDelayMs, step: 1, unit: 'ms', lanes: 'both' },
  { name: 'jitterMs', group: 'link', min: 0, max: L.maxJitterMs, step: 1, unit: 'ms', lanes: 'both' },
  { name: 'reorderPct', group: 'link', min: 0, max: 100, step: 0.5, unit: 'pct', lanes: 'udp' },
  { name: 'duplicatePct', group: 'link', min: 0, max: 100, step: 0.5, unit: 'pct', lanes: 'udp' },
  { name: 'bandwidthKbps', group: 'link', min: 0, max: L.maxBandwidthKbps, step: 1, unit: 'kbps', lanes: 'both' },
  { name: 'seed', group: 'link', min: 0, max: 0xffffffff, step: 1, unit: 'none', lanes: 'udp' },
];

export type CompareForm = Record<FieldName, string>;

export function formFrom(script: CompareScript, link: LinkParams): CompareForm {
  const form = {} as CompareForm;
  for (const f of FIELDS)
    form[f.name] = String(f.group === 'script' ? script[f.name as ScriptField] : link[f.name as LinkFieldName]);
  return form;
}

/** The form with a preset's link values (the script and the seed stay as they were). */
export function applyPreset(form: CompareForm, name: PresetName): CompareForm {
  const next = { ...form };
  for (const [k, v] of Object.entries(PRESETS[name])) next[k as FieldName] = String(v);
  return next;
}

/** The preset the link fields currently match exactly, or null when edited away from every preset. */
export function matchingPreset(form: CompareForm): PresetName | null {
  return (
    PRESET_NAMES.find((name) => Object.entries(PRESETS[name]).every(([k, v]) => Number(form[k as FieldName]) === v)) ??
    null
  );
}

export type FormResult =
  | { ok: true; command: CommandInput<'compare'> }
  | { ok: false; errors: Partial<Record<FieldName, true>> };

/** The `compare` command the form describes, or which fields are wrong (empty, not a number, out of bounds). */
export function toCommand(form: CompareForm): FormResult {
  const num = (k: FieldName) => (form[k].trim() === '' ? Number.NaN : Number(form[k]));
  const script = { count: num('count'), size: num('size'), intervalMs: num('intervalMs') };
  const link = {
    lossPct: num('lossPct'),
    delayMs: num('delayMs'),
    jitterMs: num('jitterMs'),
    reorderPct: num('reorderPct'),
    duplicatePct: num('duplicatePct'),
    bandwidthKbps: num('bandwidthKbps'),
    seed: num('seed'),
  };
  const s = CompareScript.safeParse(script);
  const l = LinkParams.safeParse(link);
  if (s.success && l.success) return { ok: true, command: { op: 'compare', script: s.data, link: l.data } };
  const errors: Partial<Record<FieldName, true>> = {};
  for (const issue of [...(s.error?.issues ?? []), ...(l.error?.issues ?? [])]) {
    const key = issue.path[0];
    if (typeof key === 'string') errors[key as FieldName] = true;
  }
  return { ok: false, errors };
}
