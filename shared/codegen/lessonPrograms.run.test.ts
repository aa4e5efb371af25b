/**
 * The program of every built-in lesson compiles (C with gcc -Wall -Werror) and
 * runs to its end (C and Python), on loopback, with the step lines mapped.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../lessons/builtin';
import { generateLesson } from './index';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'allo-lessons-'));
});

describe('lesson programs', () => {
  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.id}: C compiles and runs, Python, Node and Java run, every step has lines`, async () => {
      const c = generateLesson(lesson, 'c', lesson.title.en);
      const src = join(dir, `${lesson.id}.c`);
      await writeFile(src, c.lines.join('\n') + '\n');
      await run('gcc', ['-Wall', '-Werror', '-o', join(dir, lesson.id), src], { timeout: 60_000 });
      const cOut = await run(join(dir, lesson.id), [], { timeout: 20_000 });
      const py = generateLesson(lesson, 'python', lesson.title.en);
      const pySrc = join(dir, `${lesson.id}.py`);
      await writeFile(pySrc, py.lines.join('\n') + '\n');
      const pyOut = await run('python3', [pySrc], { timeout: 20_000 });
      const node = generateLesson(lesson, 'node', lesson.title.en);
      const nodeSrc = join(dir, `${lesson.id}.mjs`);
      await writeFile(nodeSrc, node.lines.join('\n') + '\n');
      const nodeOut = await run(process.execPath, [nodeSrc], { timeout: 20_000 });
      const java = generateLesson(lesson, 'java', lesson.title.en);
      const javaDir = join(dir, `${lesson.id}-java`);
      await mkdir(javaDir, { recursive: true });
      await writeFile(join(javaDir, 'AlloSession.java'), java.lines.join('\n') + '\n');
      const javaOut = await run(
        'java',
        ['-Dfile.encoding=UTF-8', '-Dstdout.encoding=UTF-8', join(javaDir, 'AlloSession.java')],
        { timeout: 60_000 },
      );
      for (const r of [c, py, node, java]) {
        lesson.steps.forEach((_, i) => expect(r.steps[i]?.length, `step ${i}`).toBeGreaterThan(0));
      }
      if (lesson.id === 'messages') {
        expect(cOut.stdout).toContain('reader recv: 13 bytes: one two three');
        expect(pyOut.stdout).toContain("reader recv: 13 bytes: b'one two three'");
        expect(nodeOut.stdout).toContain('reader recv: 13 bytes: one two three');
        expect(javaOut.stdout).toContain('reader recv: 13 bytes: one two three');
      }
    }, 120_000); // four compilers and runtimes on a shared, busy machine
  }
});
