/**
 * Code generation: a session's events or a lesson's steps → a runnable program
 * in C, Python, Node.js or Java, with the lines of each lesson step.
 */
import type { Event } from '../protocol';
import type { CodeLang, Lesson } from '../lessons/schema';
import { programFromLesson } from './fromLesson';
import { renderC } from './c';
import { programFromEvents } from './fromEvents';
import type { Program, Rendered } from './ir';
import { WORDS, type TextLang, type Words } from './words';
import { renderPython } from './python';
import { renderNode } from './node';
import { renderJava } from './java';

export type { Rendered } from './ir';

const RENDERERS: Record<CodeLang, (p: Program, title: string, w: Words) => Rendered> = {
  c: renderC,
  python: renderPython,
  node: renderNode,
  java: renderJava,
};

/** Renders a program in one language, its comments in `textLang`. */
export function render(program: Program, lang: CodeLang, title: string, textLang: TextLang = 'en'): Rendered {
  return RENDERERS[lang](program, title, WORDS[textLang]);
}

/** The program that reproduces a free-mode session. */
export function generate(events: readonly Event[], lang: CodeLang, title: string, textLang: TextLang = 'en'): Rendered {
  return render(programFromEvents(events), lang, title, textLang);
}

/** The program a lesson stands for, with the lines of each step. */
export function generateLesson(lesson: Lesson, lang: CodeLang, title: string, textLang: TextLang = 'en'): Rendered {
  return render(programFromLesson(lesson, textLang), lang, title, textLang);
}
