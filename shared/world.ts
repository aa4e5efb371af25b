/**
 * The world: what the events of a session say about its sockets, calls and
 * postcards at any moment. A pure reducer, shared by the stage, the timeline,
 * replay, lessons and tests, so they all agree on what happened.
 *
 *     const world = worldAt(events, cursorSeq);
 *     world.sockets[id].phase; // 'created' | 'bound' | … (the page contract's data-phase)
 */
export { emptyWorld, reduceWorld } from './world/reduce';
export { worldAt, createWorldCursor, countUpTo, CHECKPOINT_EVERY, type WorldCursor } from './world/cursor';
export { formatEndpoint, sameEndpoint, normalAddress } from './world/endpoints';
export * from './world/types';
export { farEnd, lingersInKernel, kernelTimeLeft, type FarEnd } from './world/peers';
