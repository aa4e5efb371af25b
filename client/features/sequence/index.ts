// The sequence feature's public surface: what other features may import (see CONTRIBUTING.md, "Features").
// The wire layer draws on the diagram's own geometry, so it takes these.
export type { DiagramLayout } from './DiagramSvg';
export type { Lifeline, SequenceModel } from './model/types';
export { FONT, GEOMETRY, MONO } from './palette';
