import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/react';
import type { Event } from '../../../shared/protocol';
import { indexAtOrBefore } from '../../store/navigation';
import { hexDump } from '../../lib/bytesView';
import { formatSeconds } from '../../lib/seconds';
import type { Arrow } from './model/types';
import { sliceLabel } from './model/labels';
import { FollowStreamButton } from '../stream';

const find = (events: readonly Event[], seq: number | undefined) => {
  if (seq === undefined) return undefined;
  const e = events[indexAtOrBefore(events, seq)];
  return e?.seq === seq ? e : undefined;
};

/** What one arrow carried: its bytes as text and hex, stream offsets, and when each end happened. */
export function ArrowDetails({ arrow, events, onClose }: { arrow: Arrow; events: readonly Event[]; onClose(): void }) {
  const { t, i18n } = useTranslation('sequence');
  const sent = find(events, arrow.sentSeq);
  const received = find(events, arrow.receivedSeq);
  const chunk = sent?.kind === 'sent' ? sent : received?.kind === 'received' ? received : undefined;
  const about = chunk ?? sent ?? received;
  const followSocket = arrow.kind !== 'datagram' && about && 'socket' in about ? about.socket : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [arrow.key]);
  const [start, end] = arrow.range ?? [0, 0];
  const time = (e: Event | undefined) =>
    e ? t('at', { seq: e.seq, seconds: formatSeconds(e.t, i18n.language) }) : t('notYet');

  return (
    <aside className="sequence-details" aria-labelledby="arrow-details-title" data-testid="arrow-details">
      <h3 id="arrow-details-title" tabIndex={-1} ref={heading}>
        {t(`kind.${arrow.kind}`)} — {arrow.label}
      </h3>
      <p className="sequence-explain">{t(`explain.${arrow.kind}`)}</p>
      <dl>
        <dt>{t('details.fate')}</dt>
        <dd>
          {t(`fate.${arrow.fate}`)}
          {arrow.note ? ` · ${arrow.note}` : ''}
        </dd>
        <dt>{t('details.sent')}</dt>
        <dd>{time(sent)}</dd>
        <dt>{t('details.received')}</dt>
        <dd>{time(received)}</dd>
        {arrow.range && (
          <>
            <dt>{t('details.offsets')}</dt>
            <dd>
              {t('details.range', { start, end: end - 1, count: end - start })}
              {chunk && (chunk.offset !== start || chunk.bytes !== end - start)
                ? ` ${t('details.ofChunk', { start: chunk.offset, count: chunk.bytes })}`
                : ''}
            </dd>
          </>
        )}
      </dl>
      {chunk && arrow.range && (
        <>
          <h4>{t('details.text')}</h4>
          <pre className="sequence-bytes">{sliceLabel(chunk.data, chunk.offset, start, end, 4096)}</pre>
          <h4>{t('details.hex')}</h4>
          <pre className="sequence-bytes is-hex">
            {hexDump(sliceData(chunk.data.base64, start - chunk.offset, end - chunk.offset), start)}
          </pre>
          {chunk.data.truncated && <p className="sequence-explain">{t('details.truncated')}</p>}
        </>
      )}
      {followSocket && <FollowStreamButton socket={followSocket} />}
      <button onClick={onClose}>{t('details.close')}</button>
    </aside>
  );
}

/** The base64 of bytes [from, to) of a base64 string. */
function sliceData(base64: string, from: number, to: number) {
  const bin = atob(base64).slice(Math.max(0, from), Math.max(0, to));
  return { base64: btoa(bin) };
}
