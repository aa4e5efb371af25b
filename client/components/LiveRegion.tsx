/**
 * A polite ARIA live region: screen readers announce each new `message` once,
 * without moving focus. Visually hidden; the stage caption shows the same words.
 */
export function LiveRegion({ message, id }: { message: string; id?: string }) {
  return (
    <div
      className="sr-only"
      role="log"
      aria-live="polite"
      aria-atomic="true"
      aria-relevant="additions text"
      id={id}
      data-testid="live-region"
    >
      {message}
    </div>
  );
}
