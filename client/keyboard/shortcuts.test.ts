import { describe, expect, it } from 'vitest';
import {
  listShortcuts,
  matchShortcut,
  registerShortcut,
  subscribeShortcuts,
  type KeyPress,
  type Shortcut,
} from './shortcuts';

const press = (
  key: string,
  target: KeyPress['target'] = { tagName: 'BODY' },
  mods: Partial<KeyPress> = {},
): KeyPress => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  target,
  ...mods,
});
const sc = (key: string, description = `t:${key}`): Shortcut => ({ key, description, run: () => {} });

describe('keyboard shortcuts', () => {
  const list = [sc(' '), sc('ArrowLeft'), sc('?'), sc('n')];

  it('fires on the page, letters in either case', () => {
    expect(matchShortcut(press(' '), list)?.description).toBe('t: ');
    expect(matchShortcut(press('N'), list)?.description).toBe('t:n');
    expect(matchShortcut(press('x'), list)).toBeUndefined();
  });

  it('never fires while typing, with modifiers, or for Space on a focused button', () => {
    expect(matchShortcut(press('?', { tagName: 'INPUT', type: 'text' }), list)).toBeUndefined();
    expect(matchShortcut(press('ArrowLeft', { tagName: 'input', type: 'range' }), list)).toBeUndefined();
    expect(matchShortcut(press('n', { tagName: 'TEXTAREA' }), list)).toBeUndefined();
    expect(matchShortcut(press('n', { tagName: 'DIV', isContentEditable: true }), list)).toBeUndefined();
    expect(matchShortcut(press('ArrowLeft', undefined, { ctrlKey: true }), list)).toBeUndefined();
    expect(matchShortcut(press(' ', { tagName: 'BUTTON' }), list)).toBeUndefined();
    // Arrows still work with a button focused.
    expect(matchShortcut(press('ArrowLeft', { tagName: 'BUTTON' }), list)?.key).toBe('ArrowLeft');
  });

  it('lists what features register, tells subscribers, and forgets what they remove', () => {
    let calls = 0;
    const unsubscribe = subscribeShortcuts(() => calls++);
    const before = listShortcuts().length;
    const off = registerShortcut(sc('l', 'lessons:shortcut.next'));
    expect(listShortcuts().map((s) => s.description)).toContain('lessons:shortcut.next');
    off();
    expect(listShortcuts().length).toBe(before);
    expect(calls).toBe(2);
    unsubscribe();
  });

  it('lets the latest registration of a key win', () => {
    expect(matchShortcut(press('n'), [sc('n', 'first'), sc('n', 'second')])?.description).toBe('second');
  });
});
