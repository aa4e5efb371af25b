import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { store, useAllo } from '../../store';

// Recording code is loaded on first use: it is not needed to watch a live session.
const loadRecordingFile = () => import('../../recording/recordingFile');

/** Export the session as a recording file; import one (the page then plays it offline). */
export function RecordingControls() {
  const { t } = useTranslation('timeline');
  const head = useAllo((s) => s.head);
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  // Good news fades after a while; an error stays until dismissed.
  useEffect(() => {
    if (!message || message.error) return;
    const timer = setTimeout(() => setMessage(null), 8000);
    return () => clearTimeout(timer);
  }, [message]);

  const onExport = async () => {
    const { exportRecording } = await loadRecordingFile();
    const name = exportRecording(store);
    setMessage({ error: false, text: t('recording.exported', { name }) });
  };

  // A live page asks before it shows a recording (the live session stays connected, parked).
  const [asking, setAsking] = useState<File | null>(null);
  const onFile = async (file: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!file) return;
    const s = store.getState();
    if (s.source === 'live' && s.status !== 'offline') setAsking(file);
    else await open(file);
  };

  const open = async (file: File) => {
    setAsking(null);
    const { importRecording } = await loadRecordingFile();
    const result = await importRecording(store, file);
    setMessage(
      result.ok
        ? { error: false, text: t('recording.imported', { name: file.name, count: result.events }) }
        : {
            error: true,
            text: t('recording.bad', {
              name: file.name,
              reason: t(`recording.errors.${result.error.code}`, {
                path: result.error.path ?? '',
                detail: result.error.message,
              }),
            }),
          },
    );
  };

  return (
    <div className="timeline-recording">
      <button
        onClick={onExport}
        disabled={head === 0}
        title={t('recording.exportHint')}
        aria-description={t('recording.exportHint')}
      >
        {t('recording.export')}
      </button>
      <button onClick={() => input.current?.click()} title={t('recording.importHint')}>
        {t('recording.import')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="recording-input"
        aria-label={t('recording.import')}
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {asking && (
        <div className="timeline-message timeline-ask" role="alertdialog" aria-label={t('recording.import')}>
          <span>{t('ask.question', { name: asking.name })}</span>
          <button className="btn-primary" onClick={() => void open(asking)} autoFocus>
            {t('ask.open')}
          </button>
          <button onClick={() => setAsking(null)}>{t('ask.cancel')}</button>
        </div>
      )}
      {message && (
        <p
          className={message.error ? 'timeline-message is-error' : 'timeline-message'}
          role={message.error ? 'alert' : 'status'}
        >
          {message.text}
          <button
            className="timeline-message-close"
            onClick={() => setMessage(null)}
            aria-label={t('recording.dismiss')}
          >
            ×
          </button>
        </p>
      )}
    </div>
  );
}
