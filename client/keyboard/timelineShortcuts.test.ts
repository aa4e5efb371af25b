import { describe, expect, it } from 'vitest';
import { createAlloStore } from '../store';
import { EventScript } from '../../shared/testing/events';
import { listShortcuts } from './shortcuts';
import { registerTimelineShortcuts } from './timelineShortcuts';

describe('timeline shortcuts', () => {
  it('a held arrow steps no faster than each event’s minimum time on screen, scaled by the speed', () => {
    const s = new EventScript();
    for (let i = 0; i < 6; i++) s.add({ kind: 'created', socket: `s${i}`, proto: 'tcp', family: 4 }, 0);
    const store = createAlloStore();
    store.getState().replaceEvents(s.events);
    store.getState().setStatus('open');
    store.getState().pause();
    store.getState().jumpToStart();
    store.getState().setSpeed(2); // 500 ms at 1× = 250 ms
    let now = 0;
    const off = registerTimelineShortcuts(store, () => now);
    const right = listShortcuts().findLast((x) => x.key === 'ArrowRight')!;
    const press = (repeat: boolean) => right.run(new KeyboardEventLike(repeat) as unknown as KeyboardEvent);

    press(false); // a press always steps
    expect(store.getState().cursor).toBe(1);
    for (let t = 0; t < 240; t += 33) {
      now = t;
      press(true); // auto-repeat within 250 ms: held back
    }
    expect(store.getState().cursor).toBe(1);
    now = 250;
    press(true);
    expect(store.getState().cursor).toBe(2);
    now = 260;
    press(false); // a new press is the person's own pace
    expect(store.getState().cursor).toBe(3);
    off();
  });
});

class KeyboardEventLike {
  constructor(readonly repeat: boolean) {}
}
