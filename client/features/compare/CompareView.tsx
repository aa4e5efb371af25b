/** Placeholder: owned by the compare work; replace me. */
export function CompareView() {
  return <section className="panel" aria-label="CompareView" data-placeholder="CompareView" />;
}
