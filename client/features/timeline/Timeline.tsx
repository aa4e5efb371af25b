/** Placeholder: owned by the timeline work; replace me. */
export function Timeline() {
  return <section className="panel" aria-label="Timeline" data-placeholder="Timeline" />;
}
