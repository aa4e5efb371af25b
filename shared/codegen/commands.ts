/**
 * How each generated program is saved and run: one definition, printed both in
 * the program's own header and on the code view's "Run:" line, so the two
 * always say the same.
 */
import type { CodeLang } from '../lessons/schema';

export const FILE_NAMES: Record<CodeLang, string> = {
  c: 'allo.c',
  python: 'allo.py',
  node: 'allo.mjs',
  java: 'AlloSession.java',
};

export const RUN_COMMANDS: Record<CodeLang, string> = {
  c: 'gcc -Wall -Werror -o allo allo.c && ./allo',
  python: 'python3 allo.py',
  node: 'node allo.mjs',
  java: 'java AlloSession.java',
};
