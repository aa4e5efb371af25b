import { useEffect, useState } from 'react';
import { i18n as page } from '../../i18n/translator';
import { useTranslation } from '../../i18n/react';
import { LiveRegion } from '../../components/LiveRegion';
import { store as pageStore, useAlloStore, type AlloStore } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';
import { countUpTo } from '../../../shared/world';
import { captionFor } from './captions';
import { eventAtCursor, worldNow } from '../../lib/useWorld';

/** At most one announcement this often: a burst becomes one sentence, not a queue. */
const THROTTLE_MS = 1200;

/** The sentence a screen reader hears for the event at the cursor, with how many came with it. */
export function announcement(skipped: number, store: AlloStore = pageStore): string {
  const world = worldNow(store);
  const event = eventAtCursor(world, store);
  if (!event) return '';
  const c = captionFor(event, world);
  const text = `${page.t(c.key, { ns: 'stage', ...c.values })} (${c.api})`;
  return skipped > 0 ? `${page.t('announce.more', { ns: 'stage', count: skipped })} ${text}` : text;
}

/**
 * Announces each event in words through an ARIA live region, throttled: when
 * events come faster than one per THROTTLE_MS, the latest is announced with
 * the number of others ("12 more events.").
 */
export function Announcer() {
  const [message, setMessage] = useState('');
  const store = useAlloStore();
  // A sentence said in the other language is not left behind when the page switches: the next event speaks.
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language) setMessage('');
  }, [i18n.language]);
  useEffect(() => {
    let shown = selectCursorSeq(store.getState());
    let pending = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastAt = 0;
    const flush = () => {
      timer = undefined;
      lastAt = performance.now();
      const skipped = Math.max(0, pending - 1);
      pending = 0;
      setMessage(announcement(skipped, store));
    };
    const unsubscribe = store.subscribe((s) => {
      const seq = selectCursorSeq(s);
      if (seq === shown) return;
      // A reading of the kernel's table alone is not news.
      if (seq === shown + 1 && s.events[countUpTo(s.events, seq) - 1]?.kind === 'kernel') {
        shown = seq;
        return;
      }
      pending += Math.max(1, Math.abs(seq - shown));
      shown = seq;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, THROTTLE_MS - (performance.now() - lastAt)));
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
  return <LiveRegion message={message} />;
}
