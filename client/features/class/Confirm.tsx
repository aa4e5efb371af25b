import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';

/**
 * A button whose action asks first, in the page and not in a browser dialog: the question and two
 * buttons take its place, and Cancel (or Escape) gives it back.
 */
export function ConfirmButton({
  label,
  question,
  confirm,
  onConfirm,
  disabled,
  testId,
  danger,
  ariaLabel,
}: {
  label: ReactNode;
  ariaLabel?: string;
  question: string;
  confirm: string;
  onConfirm(): void;
  disabled?: boolean;
  testId?: string;
  danger?: boolean;
}) {
  const { t } = useTranslation('class');
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button onClick={() => setAsking(true)} disabled={disabled} data-testid={testId} aria-label={ariaLabel}>
        {label}
      </button>
    );
  return (
    <span
      className="class-confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
    >
      <span>{question}</span>
      <button
        className={danger ? 'btn-danger' : 'btn-primary'}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirm}
      </button>
      <button onClick={() => setAsking(false)}>{t('cancel')}</button>
    </span>
  );
}
