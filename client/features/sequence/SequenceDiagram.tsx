/** Placeholder: owned by the timeline work; replace me. */
export function SequenceDiagram() {
  return <section className="panel" aria-label="SequenceDiagram" data-placeholder="SequenceDiagram" />;
}
