/** Placeholder: owned by the lessons work; replace me. */
export function LessonPanel() {
  return <section className="panel" aria-label="LessonPanel" data-placeholder="LessonPanel" />;
}
