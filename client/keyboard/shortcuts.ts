/**
 * The page's keyboard shortcuts, in one registry so that the help overlay (`?`)
 * lists every one, whichever feature added it.
 *
 *     const off = registerShortcut({ key: 'n', description: 'lessons:shortcut.next', run: next });
 *
 * Shortcuts never fire while the person types in a field, nor with Ctrl, Alt or
 * Meta held (those belong to the browser), nor for Space/Enter on a focused
 * button (the button itself answers those).
 */
export interface Shortcut {
  /** `KeyboardEvent.key`: ' ' for Space, 'ArrowLeft', 'Home', '?', 'n'… Letters match either case. */
  key: string;
  /** i18n key of the sentence shown in the help overlay, with its namespace: 'timeline:shortcut.play'. */
  description: string;
  /** Section of the help overlay (i18n key); defaults to the general one. */
  group?: string;
  /** What the key does. The browser's default action is prevented. */
  run(event: KeyboardEvent): void;
}

const registry: Shortcut[] = [];
const listeners = new Set<() => void>();
let snapshot: readonly Shortcut[] = [];

function changed(): void {
  snapshot = [...registry];
  for (const l of listeners) l();
}

/** Adds a shortcut; returns the function that removes it. A later one for the same key wins. */
export function registerShortcut(shortcut: Shortcut): () => void {
  registry.push(shortcut);
  changed();
  return () => {
    const i = registry.indexOf(shortcut);
    if (i >= 0) registry.splice(i, 1);
    changed();
  };
}

/** Every registered shortcut, in registration order (a stable array until the next change). */
export function listShortcuts(): readonly Shortcut[] {
  return snapshot;
}

/** Calls `listener` whenever a shortcut is added or removed (for useSyncExternalStore). */
export function subscribeShortcuts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The parts of a key event and its target that decide whether a shortcut fires. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: {
    tagName?: string;
    isContentEditable?: boolean;
    type?: string;
    getAttribute?(name: string): string | null;
  } | null;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const PRESSABLE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);

/** The shortcut a key press triggers, if any (the latest registered for that key). */
export function matchShortcut(press: KeyPress, shortcuts: readonly Shortcut[]): Shortcut | undefined {
  if (press.ctrlKey || press.altKey || press.metaKey) return undefined;
  const t = press.target;
  const tag = t?.tagName?.toUpperCase() ?? '';
  // Any input (a range slider included: it already steps with the arrows) keeps its keys.
  if (TYPING_TAGS.has(tag) || t?.isContentEditable) return undefined;
  const role = t?.getAttribute?.('role');
  if ((press.key === ' ' || press.key === 'Enter') && (PRESSABLE_TAGS.has(tag) || role === 'button' || role === 'tab'))
    return undefined;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (let i = shortcuts.length - 1; i >= 0; i--) {
    const s = shortcuts[i]!;
    if ((s.key.length === 1 ? s.key.toLowerCase() : s.key) === key) return s;
  }
  return undefined;
}

/** Listens for shortcuts on `target` (the window); returns the function that stops listening. */
export function installShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const s = matchShortcut(event as KeyboardEvent & KeyPress, registry);
    if (!s) return;
    event.preventDefault();
    s.run(event);
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}

/** How a key is written on a keycap in the help overlay (i18n key under timeline:keys, or the key itself). */
export function keyCapName(key: string): { i18n: string } | { text: string } {
  const named: Record<string, string> = {
    ' ': 'space',
    ArrowLeft: 'left',
    ArrowRight: 'right',
    ArrowUp: 'up',
    ArrowDown: 'down',
    Home: 'home',
    End: 'end',
    Escape: 'escape',
    Enter: 'enter',
  };
  const name = named[key];
  return name ? { i18n: `timeline:keys.${name}` } : { text: key };
}
