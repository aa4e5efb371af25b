import { describe, expect, it } from 'vitest';
import { scrolledAway } from './useFollowTail';

// A log of 100 rows of 20 px in a 200 px box, following its tail: at the bottom, scrollTop is 1800.
const box = (scrollTop: number, scrollHeight = 2000) => ({ scrollTop, clientHeight: 200, scrollHeight });
const slack = 30;

describe('scrolledAway: a scroll up that its event has not reported yet', () => {
  it('is the person’s when the list is above where it last followed, and above its bottom', () => {
    // Scrolled to the top, then a row came (2020 px) before the scroll event did.
    expect(scrolledAway(box(0, 2020), 1800, slack)).toBe(true);
    expect(scrolledAway(box(1700, 2020), 1800, slack)).toBe(true);
  });

  it('is not a scroll when only a new row came: the list is where it followed, one row short of the tail', () => {
    expect(scrolledAway(box(1800, 2020), 1800, slack)).toBe(false);
    expect(scrolledAway(box(1800, 2400), 1800, slack)).toBe(false);
  });

  it('is not a scroll when the list got shorter and the browser clamped it: it is at its bottom', () => {
    // A filter left 50 rows: scrollTop clamped to 800, the bottom.
    expect(scrolledAway(box(800, 1000), 1800, slack)).toBe(false);
  });

  it('is not a scroll within the slack, nor without a place it last followed', () => {
    expect(scrolledAway(box(1780, 2020), 1800, slack)).toBe(false);
    expect(scrolledAway(box(0, 2020), null, slack)).toBe(false);
  });
});
