import type { TFunction } from '../../i18n/translator';
import type { CompareForm } from './form';

/** Every setting in one line: under the folded settings, and under a run's scoreboard (what that run used). */
export function summary(form: CompareForm, t: TFunction): string {
  return t('summary', { ...form, bandwidth: Number(form.bandwidthKbps) > 0 ? `${form.bandwidthKbps} kbit/s` : '∞' });
}
