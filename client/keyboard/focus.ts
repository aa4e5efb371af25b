/**
 * Where focus goes when the page changes under it. A toolbox button is disabled while its command runs
 * and its form is replaced when the socket's phase changes: either drops focus to <body>, and a keyboard
 * user needed a dozen Tabs to come back.
 */

let lastInput: 'keyboard' | 'pointer' = 'pointer';
if (typeof window !== 'undefined') {
  window.addEventListener('keydown', () => (lastInput = 'keyboard'), true);
  window.addEventListener('pointerdown', () => (lastInput = 'pointer'), true);
}

/** Whether the latest input was a key (a click made with Enter or Space counts as the keyboard). */
export function lastInputWasKeyboard(): boolean {
  return lastInput === 'keyboard';
}

const focusable = (el: Element | null): el is HTMLElement =>
  el instanceof HTMLElement && el.isConnected && !(el as HTMLButtonElement).disabled;

/** The next sensible control in a toolbox: the chosen action of the selected socket, else its form's button. */
function nextInToolbox(root: Element): HTMLElement | null {
  for (const selector of [
    '[data-testid="action"][aria-pressed="true"]',
    '[data-testid="run-action"]:not(:disabled)',
    '[data-testid="socket-select"]',
  ]) {
    const el = root.querySelector(selector);
    if (focusable(el)) return el;
  }
  return null;
}

/**
 * After a toolbox command started from `from`: for `ms`, whenever focus has fallen to <body> while the
 * toolbox re-renders, put it back on `from` if it is still there and enabled, else on the next sensible
 * control. A click elsewhere ends the watch, so it never takes focus from where the person went.
 */
export function keepFocusAfterCommand(from: Element | null, ms = 2000): void {
  const root = from?.closest('.toolbox');
  if (!root || typeof MutationObserver === 'undefined') return;
  const restore = () => {
    const active = document.activeElement;
    if (active && active !== document.body) return;
    (focusable(from) ? from : nextInToolbox(root))?.focus();
  };
  const observer = new MutationObserver(restore);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('pointerdown', stop, true);
  };
  const timer = setTimeout(stop, ms);
  window.addEventListener('pointerdown', stop, true);
}

/** A socket chosen on the stage with the keyboard: focus goes to its actions in the toolbox, once drawn. */
export function focusActionsSoon(): void {
  requestAnimationFrame(() => {
    const root = document.querySelector('.toolbox');
    if (root) nextInToolbox(root)?.focus();
  });
}
