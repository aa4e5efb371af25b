// The compare feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
export { type CompareEvent, compareCaption } from './captions';
