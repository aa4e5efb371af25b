import { describe, expect, it } from 'vitest';
import { createAlloStore } from './index';
import { EventScript } from '../../shared/testing/events';

describe('source slice: a recording over a live session', () => {
  it('parks the live session, feeds it while the recording is shown, and comes back to it whole', () => {
    const live = new EventScript();
    live.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    live.add({ kind: 'created', socket: 's2', proto: 'udp', family: 4 });
    const store = createAlloStore();
    store.getState().setStatus('open');
    store.getState().appendLive(live.events.slice(0, 1));

    const rec = new EventScript();
    for (let i = 0; i < 5; i++) rec.add({ kind: 'created', socket: `r${i}`, proto: 'tcp', family: 4 });
    store.getState().openRecording(rec.events, 0);
    expect(store.getState()).toMatchObject({ source: 'recording', head: 5, cursor: 0 });

    // The connection keeps delivering: to the parked session, not among the recorded events.
    store.getState().appendLive(live.events.slice(1));
    expect(store.getState().head).toBe(5);
    expect(store.getState().liveHead()).toBe(2);

    store.getState().backToLive();
    expect(store.getState()).toMatchObject({ source: 'live', head: 2, cursor: null, parked: null });
    expect(store.getState().events.map((e) => 'socket' in e && e.socket)).toEqual(['s1', 's2']);
  });

  it('offline there is no live session to park', () => {
    const store = createAlloStore();
    store.getState().setStatus('offline');
    store.getState().openRecording([], 0);
    expect(store.getState().parked).toBeNull();
  });
});
