import type { TFunction } from '../../i18n/translator';
import type { LessonProblem } from '../../../shared/lessons/loader';

/**
 * Where a lesson file is wrong, in words: "step 3, action 1, field « port »"
 * rather than `steps[2].actions[0].port` (steps and actions count from 1 for
 * people; the JSON path counts from 0).
 */
export function placeText(path: readonly (string | number)[], t: TFunction): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (
      typeof key === 'string' &&
      typeof next === 'number' &&
      ['steps', 'actions', 'waitFor', 'assert'].includes(key)
    ) {
      parts.push(t(`place.${key}`, { n: next + 1 }));
      i++;
    } else if (typeof key === 'string' && key !== 'check') parts.push(t('place.field', { name: key }));
  }
  return parts.length ? parts.join(', ') : t('place.top');
}

/** The one sentence a page says about a refused lesson file. */
export function problemText(p: LessonProblem, t: TFunction): string {
  const where = p.path ? placeText(p.path, t) : t('place.top');
  return t(`problem.${p.code}`, { where, ref: p.ref ?? '' });
}
