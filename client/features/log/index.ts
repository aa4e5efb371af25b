// The log feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export { kindLabel } from './eventSummary';
export { formatSeconds } from './eventSummary';
