import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { CODE_LANGS, type CodeLang } from '../../../shared/lessons/schema';
import { useRedrawCursor } from '../../lib/useWorld';
import { store, useAllo } from '../../store';
import { FILE_NAMES, MAX_CODEGEN_EVENTS, RUN_COMMANDS, lessonProgram, sessionProgram, stepLines } from './programs';
import { segmentLines } from './codeSegments';

const CODE_REDRAW_MS = 400;
import './code.css';

/**
 * The code view: the program, in C, Python, Node.js or Java, that does what is
 * on screen — the lesson's program with the current step highlighted, or in
 * free mode the program that replays the session. Copy or download it, run it.
 */
export function CodeView() {
  const { t } = useTranslation('code');
  const [lang, setLang] = useState<CodeLang>('c');
  const [copied, setCopied] = useState(false);
  const uiLang = useAllo((s) => s.lang);
  const run = useAllo((s) => s.lessonRun);
  const lesson = run?.lesson;
  const step = run?.index;
  // A step or a lone event shows at once; during a burst the program (one recv() line per
  // datagram) is rebuilt a few times a second, which is as fast as anyone reads code.
  const { seq: cursor, version } = useRedrawCursor(CODE_REDRAW_MS);
  const title = lesson ? `Allô — ${lesson.title[uiLang]}` : t('programTitle');

  const view = useMemo(() => {
    if (lesson) return { rendered: lessonProgram(lesson, lang, title, uiLang), capped: false, empty: false };
    return sessionProgram(store.getState().events, cursor, lang, title, uiLang);
    // `version` changes whenever the (mutated in place) event list does.
  }, [lesson, lang, title, uiLang, version, cursor]);
  // The whole program as one string is only needed to copy or download it: built then, not on every render.
  const programText = () => view.rendered.lines.join('\n') + '\n';
  // In a lesson, the current step's lines; in free mode, the lines of the event at the cursor.
  const mark = lesson ? step : cursor;
  const highlighted = useMemo(() => stepLines(view.rendered, mark), [view, mark]);

  const segments = useMemo(() => segmentLines(view.rendered.lines.length, highlighted), [view, highlighted]);
  const firstHl = segments.find((seg) => seg.hl)?.start;

  const pre = useRef<HTMLPreElement | null>(null);
  useEffect(() => {
    // Scroll the code only (scrollIntoView would move the whole page too): the step's first line a quarter down.
    // Free mode with nothing marked: the program grows at its end, where the newest lines are.
    // The line's offset comes from its number, not from offsetTop: no layout of the whole program is forced.
    const el = pre.current;
    if (!el) return;
    if (firstHl !== undefined) {
      const style = getComputedStyle(el);
      const top = parseFloat(style.paddingTop) + firstHl * parseFloat(style.lineHeight);
      el.scrollTop = Math.max(0, top - el.clientHeight / 4);
    } else if (!lesson) el.scrollTop = el.scrollHeight;
  }, [view, firstHl, lesson]);

  const copy = async () => {
    await navigator.clipboard?.writeText(programText());
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([programText()], { type: 'text/plain;charset=utf-8' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: FILE_NAMES[lang] });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section className="panel code-view" aria-labelledby="code-title">
      <div className="code-head">
        <h2 id="code-title" className="panel-title">
          {t('title')}
        </h2>
        <div role="tablist" aria-label={t('langs')} className="segmented code-tabs">
          {CODE_LANGS.map((l) => (
            <button
              key={l}
              role="tab"
              aria-selected={lang === l}
              data-testid="code-tab"
              data-lang={l}
              onClick={() => setLang(l)}
            >
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="muted code-mode">{lesson ? t('lessonMode') : t('freeMode')}</p>
      {view.capped && <p className="muted">{t('capped', { count: MAX_CODEGEN_EVENTS })}</p>}
      {view.empty && !lesson && <p className="code-empty">{t('empty')}</p>}
      <pre
        ref={pre}
        className="code-text"
        data-testid="code"
        data-lang={lang}
        tabIndex={0}
        aria-label={`${t('title')} — ${t(`lang.${lang}`)}`}
      >
        {segments.map((seg) => (
          <CodeSegment
            key={`${seg.start}-${seg.hl}`}
            lines={view.rendered.lines.slice(seg.start, seg.end)}
            hl={seg.hl}
          />
        ))}
      </pre>
      <div className="code-actions">
        <button type="button" onClick={() => void copy()} data-testid="code-copy">
          {copied ? t('copied') : t('copy')}
        </button>
        <button type="button" onClick={download} data-testid="code-download">
          {t('download')} <code>{FILE_NAMES[lang]}</code>
        </button>
        <code className="code-run muted">{t('run', { command: RUN_COMMANDS[lang] })}</code>
      </div>
    </section>
  );
}

/**
 * A run of lines as one text node. Memoised on its text: while a long free-mode
 * program grows or the highlight moves, only the segments that changed are
 * re-rendered, and off-screen ones are skipped by layout (content-visibility).
 */
const CodeSegment = memo(
  function CodeSegment({ lines, hl }: { lines: readonly string[]; hl: boolean }) {
    return (
      <span
        className={hl ? 'code-seg hl' : 'code-seg'}
        data-hl={hl || undefined}
        style={{ '--lines': lines.length } as React.CSSProperties}
      >
        {lines.join('\n') + '\n'}
      </span>
    );
  },
  (a, b) => a.hl === b.hl && a.lines.length === b.lines.length && a.lines.every((line, i) => line === b.lines[i]),
);
