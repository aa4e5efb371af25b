import { describe, expect, it } from 'vitest';
import { createAlloStore } from './index';
import { EventScript } from '../../shared/testing/events';

function storeWith(n: number, status: 'open' | 'offline') {
  const s = new EventScript();
  for (let i = 0; i < n; i++) s.add({ kind: 'created', socket: `s${i + 1}`, proto: 'tcp', family: 4 });
  const store = createAlloStore();
  store.getState().replaceEvents(s.events);
  store.getState().setStatus(status);
  return store;
}

describe('timeline slice', () => {
  it('pauses live on the newest event, and steps from there', () => {
    const store = storeWith(5, 'open');
    expect(store.getState().cursor).toBeNull();
    store.getState().togglePlay(); // live → pause
    expect(store.getState()).toMatchObject({ cursor: 5, playing: false });
    store.getState().step(-1);
    store.getState().step(-1);
    expect(store.getState().cursor).toBe(3);
    store.getState().togglePlay(); // paused mid-way → replay from there
    expect(store.getState()).toMatchObject({ cursor: 3, playing: true });
    store.getState().step(1);
    expect(store.getState()).toMatchObject({ cursor: 4, playing: false });
  });

  it('jumps to the start (nothing yet) and to the end (live again only with a server)', () => {
    const live = storeWith(3, 'open');
    live.getState().jumpToStart();
    expect(live.getState().cursor).toBe(0);
    live.getState().jumpToEnd();
    expect(live.getState().cursor).toBeNull();
    const offline = storeWith(3, 'offline');
    offline.getState().jumpToEnd();
    expect(offline.getState().cursor).toBe(3);
    // Play at the end starts again from the start.
    offline.getState().play();
    expect(offline.getState()).toMatchObject({ cursor: 0, playing: true });
  });

  it('keeps the speed within 0.25×–4×', () => {
    const store = storeWith(1, 'offline');
    store.getState().setSpeed(10);
    expect(store.getState().speed).toBe(4);
    store.getState().setSpeed(0.1);
    expect(store.getState().speed).toBe(0.25);
  });
});
