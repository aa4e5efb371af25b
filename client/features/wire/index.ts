// The wire feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export { wireCaption } from './wireCaption';
export { wireSummary } from './wireSummary';
