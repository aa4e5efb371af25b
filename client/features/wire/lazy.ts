// The wire feature's public surface for lazily loaded views only (the sequence diagram): kept out of
// index.ts, which the first chunk imports, so the layer and its CSS stay in the diagram's chunk.
export { useWireView } from './useWireView';
