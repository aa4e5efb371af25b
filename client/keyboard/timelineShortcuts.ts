import type { AlloStore } from '../store';
import { SPEEDS } from '../store/timelineSlice';
import { registerShortcut } from './shortcuts';
import { indexAtOrBefore, minOnScreen } from '../store/navigation';
import { selectCursorSeq } from '../store/timelineSlice';

/** The timeline's own shortcuts: play/pause, step, jump, speed and the help overlay. */
export function registerTimelineShortcuts(store: AlloStore, now: () => number = () => performance.now()): () => void {
  const s = () => store.getState();
  // A held arrow repeats ~30 times a second: each event it steps onto stays on screen its minimum time
  // (scaled by the speed, as in a replay), so the handshake can be watched by holding → down.
  let lastStep = -Infinity;
  const step = (delta: 1 | -1) => (event: KeyboardEvent) => {
    const st = s();
    const shown = st.events[indexAtOrBefore(st.events, selectCursorSeq(st))];
    if (event.repeat && now() - lastStep < minOnScreen(shown, st.speed)) return;
    lastStep = now();
    st.step(delta);
  };
  const speedStep = (dir: 1 | -1) => {
    const i = SPEEDS.findIndex((v) => v >= s().speed);
    s().setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + dir))]!);
  };
  const offs = [
    registerShortcut({ key: ' ', description: 'timeline:shortcut.play', run: () => s().togglePlay() }),
    registerShortcut({ key: 'ArrowLeft', description: 'timeline:shortcut.back', run: step(-1) }),
    registerShortcut({ key: 'ArrowRight', description: 'timeline:shortcut.forward', run: step(1) }),
    registerShortcut({ key: 'Home', description: 'timeline:shortcut.start', run: () => s().jumpToStart() }),
    registerShortcut({ key: 'End', description: 'timeline:shortcut.end', run: () => s().jumpToEnd() }),
    registerShortcut({ key: '-', description: 'timeline:shortcut.slower', run: () => speedStep(-1) }),
    registerShortcut({ key: '+', description: 'timeline:shortcut.faster', run: () => speedStep(1) }),
    registerShortcut({ key: '?', description: 'timeline:shortcut.help', run: () => s().setHelpOpen(!s().helpOpen) }),
  ];
  return () => offs.forEach((off) => off());
}
