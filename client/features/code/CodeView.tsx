/** Placeholder: owned by the lessons work; replace me. */
export function CodeView() {
  return <section className="panel" aria-label="CodeView" data-placeholder="CodeView" />;
}
