import { useId, useState } from 'react';

interface FieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field, linked by aria-describedby; marks the field invalid. */
  problem?: string | null;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  wide?: boolean;
  multiline?: boolean;
  testId?: string;
}

/** A labelled input that says what is wrong with it as you type (an empty one, once left). */
export function Field({
  label,
  value,
  onChange,
  problem,
  placeholder,
  inputMode,
  wide,
  multiline,
  testId,
}: FieldProps) {
  const id = useId();
  // An empty field is not scolded before the person has been there.
  const [touched, setTouched] = useState(false);
  const shown = problem && (touched || value !== '') ? problem : null;
  const common = {
    id,
    value,
    placeholder,
    onBlur: () => setTouched(true),
    'aria-invalid': shown ? true : undefined,
    'aria-describedby': shown ? `${id}-problem` : undefined,
    'data-testid': testId,
    spellCheck: false,
  } as const;
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} inputMode={inputMode} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
      {shown && (
        <span id={`${id}-problem`} className="field-problem">
          {shown}
        </span>
      )}
    </div>
  );
}
