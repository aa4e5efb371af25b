import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_LANGS, type CodeLang } from '../../../shared/lessons/schema';
import { useRedrawCursor } from '../stage/useWorld';
import { store, useAllo } from '../../store';
import { FILE_NAMES, MAX_CODEGEN_EVENTS, RUN_COMMANDS, lessonProgram, sessionProgram, stepLines } from './programs';
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
  // The program is regenerated from every event: during a flood, at most every 80 ms (stage's redraw pace).
  const { seq: cursor, version } = useRedrawCursor();
  const title = lesson ? `Allô — ${lesson.title[uiLang]}` : t('programTitle');

  const view = useMemo(() => {
    if (lesson) return { rendered: lessonProgram(lesson, lang, title, uiLang), capped: false, empty: false };
    return sessionProgram(store.getState().events, cursor, lang, title, uiLang);
    // `version` changes whenever the (mutated in place) event list does.
  }, [lesson, lang, title, uiLang, version, cursor]);
  const text = view.rendered.lines.join('\n') + '\n';
  // In a lesson, the current step's lines; in free mode, the lines of the event at the cursor.
  const mark = lesson ? step : cursor;
  const highlighted = useMemo(() => stepLines(view.rendered, mark), [view, mark]);

  const firstHighlight = useRef<HTMLSpanElement | null>(null);
  const pre = useRef<HTMLPreElement | null>(null);
  useEffect(() => {
    // Scroll the code only (scrollIntoView would move the whole page too): the step's first line a quarter down.
    // Free mode with nothing marked: the program grows at its end, where the newest lines are.
    const el = firstHighlight.current;
    if (!pre.current) return;
    if (el) pre.current.scrollTop = Math.max(0, el.offsetTop - pre.current.clientHeight / 4);
    else if (!lesson) pre.current.scrollTop = pre.current.scrollHeight;
  }, [view, mark, lesson]);

  const copy = async () => {
    await navigator.clipboard?.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: FILE_NAMES[lang] });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  let seenHighlight = false;
  return (
    <section className="panel code-view" aria-labelledby="code-title">
      <div className="code-head">
        <h2 id="code-title" className="panel-title">
          {t('title')}
        </h2>
        <div role="tablist" aria-label={t('langs')} className="segmented code-tabs">
          {CODE_LANGS.map((l) => (
            <button key={l} role="tab" aria-selected={lang === l} data-testid="code-tab" data-lang={l} onClick={() => setLang(l)}>
              {t(`lang.${l}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="muted code-mode">{lesson ? t('lessonMode') : t('freeMode')}</p>
      {view.capped && <p className="muted">{t('capped', { count: MAX_CODEGEN_EVENTS })}</p>}
      {view.empty && !lesson && <p className="code-empty">{t('empty')}</p>}
      <pre ref={pre} className="code-text" data-testid="code" data-lang={lang} tabIndex={0} aria-label={`${t('title')} — ${t(`lang.${lang}`)}`}>
        {view.rendered.lines.map((line, i) => {
          const hl = highlighted.has(i);
          const first = hl && !seenHighlight;
          if (hl) seenHighlight = true;
          return (
            <span key={i} className={hl ? 'code-row hl' : 'code-row'} data-hl={hl || undefined} ref={first ? firstHighlight : undefined}>
              {line}
              {'\n'}
            </span>
          );
        })}
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
