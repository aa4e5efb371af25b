// The sequence feature's public surface for lazily loaded imports only: the diagram itself, kept out of
// index.ts (which the first chunk imports) so that it stays in its own chunk.
export { SequenceDiagram } from './SequenceDiagram';
