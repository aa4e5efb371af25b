// The stage feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export type { Caption } from './captions';
export { explainKey, phaseKey } from './phaseWords';
// The projector shows the same stage as a student's page.
export { Stage } from './Stage';
