import { describe, expect, it } from 'vitest';
import { createAlloStore } from '../../store';
import { EventScript } from '../../../shared/testing/events';
import { startReplayDriver, type Clock } from './replayDriver';

/** A clock the test moves by hand: replay is checked step by step, never by waiting. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (let guard = 0; guard < 1000; guard++) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((t) => t !== next);
      now = next.at;
      next.fn();
    }
    now = until;
  };
  return { clock, advance };
}

function recorded() {
  const s = new EventScript();
  s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 }, 0); // t=0
  s.add({ kind: 'created', socket: 's2', proto: 'tcp', family: 4 }, 100); // t=100
  s.add({ kind: 'closed', socket: 's1', hadError: false }, 10_000); // t=10100: a long silence
  s.add({ kind: 'closed', socket: 's2', hadError: false }, 50); // t=10150
  const store = createAlloStore();
  store.getState().replaceEvents(s.events);
  store.getState().setStatus('offline');
  return store;
}

describe('replay driver', () => {
  it('moves the cursor with the real gaps, scaled by speed, long ones capped, and stops at the end', () => {
    const store = recorded();
    const { clock, advance } = manualClock();
    const stop = startReplayDriver(store, clock);
    store.getState().jumpToStart();
    store.getState().setSpeed(2);
    store.getState().play();
    expect(store.getState().cursor).toBe(1); // the first event shows at once
    advance(249);
    expect(store.getState().cursor).toBe(1);
    advance(1); // 100 ms at 2× = 50 ms, held the minimum 500 ms at 2× = 250 ms
    expect(store.getState().cursor).toBe(2);
    advance(1499);
    expect(store.getState().cursor).toBe(2);
    advance(1); // 10 s at 2× = 5 s, capped at 1.5 s
    expect(store.getState().cursor).toBe(3);
    advance(249); // 50 ms at 2× = 25 ms, held 250 ms
    expect(store.getState().cursor).toBe(3);
    advance(1);
    expect(store.getState()).toMatchObject({ cursor: 4, playing: false });
    stop();
  });

  it('pauses when the person steps, and picks up a new speed from the event on screen', () => {
    const store = recorded();
    const { clock, advance } = manualClock();
    const stop = startReplayDriver(store, clock);
    store.getState().jumpToStart();
    store.getState().play();
    store.getState().setSpeed(0.5);
    advance(999);
    expect(store.getState().cursor).toBe(1);
    advance(1); // 100 ms at 0.5× = 200 ms, held the minimum 500 ms at 0.5× = 1 s
    expect(store.getState().cursor).toBe(2);
    store.getState().step(-1);
    expect(store.getState()).toMatchObject({ cursor: 1, playing: false });
    advance(5000);
    expect(store.getState().cursor).toBe(1);
    stop();
  });

  it('gives the handshake and the goodbye, all in one millisecond, each its time on screen at 0.25×', () => {
    const s = new EventScript();
    s.add({ kind: 'connecting', socket: 's1', remote: { address: '127.0.0.1', port: 9, family: 4 } }, 0);
    s.add(
      {
        kind: 'accepted',
        socket: 's0',
        child: 's2',
        local: { address: '127.0.0.1', port: 9, family: 4 },
        remote: { address: '127.0.0.1', port: 5, family: 4 },
      },
      0,
    );
    s.add(
      {
        kind: 'connected',
        socket: 's1',
        local: { address: '127.0.0.1', port: 5, family: 4 },
        remote: { address: '127.0.0.1', port: 9, family: 4 },
      },
      0,
    );
    s.add({ kind: 'ended', socket: 's1' }, 0);
    const store = createAlloStore();
    store.getState().replaceEvents(s.events);
    store.getState().setStatus('offline');
    const { clock, advance } = manualClock();
    const stop = startReplayDriver(store, clock);
    store.getState().setSpeed(0.25);
    store.getState().play();
    const seen: number[] = [store.getState().cursor!];
    for (let i = 0; i < 3; i++) {
      advance(1999);
      expect(store.getState().cursor).toBe(seen.at(-1));
      advance(1);
      seen.push(store.getState().cursor ?? -1);
    }
    expect(seen).toEqual([1, 2, 3, 4]);
    stop();
  });

  it('counts an event’s time on screen from when it really appeared, when the page was late to show it', () => {
    const s = new EventScript();
    for (let i = 0; i < 3; i++) s.add({ kind: 'created', socket: `s${i + 1}`, proto: 'tcp', family: 4 }, 0);
    const store = createAlloStore();
    store.getState().replaceEvents(s.events);
    store.getState().setStatus('offline');
    // A busy page: the timer that shows the second event fires 300 ms late; the next one is on time.
    let now = 0;
    let timer: { at: number; fn: () => void } | null = null;
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => {
        timer = { at: now + ms, fn };
        return 1;
      },
      clearTimeout: () => {
        timer = null;
      },
    };
    const stop = startReplayDriver(store, clock);
    store.getState().setSpeed(0.25);
    store.getState().play();
    const fire = (late: number) => {
      const t = timer!;
      timer = null;
      now = t.at + late;
      t.fn();
      return now;
    };
    const secondAt = fire(300);
    expect(store.getState().cursor).toBe(2);
    const thirdAt = fire(0);
    expect(store.getState().cursor ?? 3).toBe(3);
    // 0.25×: 2 s on screen for the second event, from 2.3 s, not from the 2 s it was due.
    expect(thirdAt - secondAt).toBe(2000);
    stop();
  });

  it('goes live again at the end when a server is connected', () => {
    const store = recorded();
    store.getState().setStatus('open');
    const { clock, advance } = manualClock();
    const stop = startReplayDriver(store, clock);
    store.getState().play(); // live → replays from the start
    advance(10_000);
    expect(store.getState()).toMatchObject({ cursor: null, playing: false });
    stop();
  });
});
