/** Placeholder: owned by the stage work; replace me. */
export function Stage() {
  return <section className="panel" aria-label="Stage" data-placeholder="Stage" />;
}
