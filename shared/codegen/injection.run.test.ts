/**
 * Generated programs never run what a file says. Hostile values from a table
 * go into every field a recording can carry (addresses, hosts, socket ids,
 * labels, errno names, system calls, service names, bytes, the title); every
 * generator's output must then compile or parse (gcc -fsyntax-only, python3
 * ast, node --check, javac), and the C, Python and Node programs are run for
 * real — inside a network namespace this test creates, whose loopback is the
 * only network, so the hostile names looked up cannot leave the machine. Each
 * payload would print INJECTED if it ran as code: it never does, while the
 * program's own call (a listener, a client, the hostile bytes sent and
 * received) does run. The recording and lesson schemas reject the same files
 * with an error that names the field.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecording, parseRecording } from '../recording';
import { validateLesson } from '../lessons/loader';
import { BUILTIN_LESSONS } from '../lessons/builtin';
import { EventScript, ep } from '../testing/events';
import type { Event } from '../protocol';
import { CODE_LANGS, type CodeLang } from '../lessons/schema';
import { generate, generateLesson } from './index';

const run = promisify(execFile);
const SAY = 'print("INJECTED"); console.log("INJECTED"); System.out.println("INJECTED"); puts("INJECTED");';

/** What each hostile value tries: end a string, end a line, end a comment, sneak a Unicode escape, a trigraph… */
const HOSTILE = {
  address: `127.0.0.1", 0)) or print("INJECTED") or (("`,
  host: `localhost"); ${SAY} ("`,
  socketId: `__import__('os').system('id')#`,
  label: `x = 1; ${SAY} //`,
  bidiLabel: 'admin\u202e\u2066tnirp\u2069',
  code: `ECONNREFUSED\n${SAY}\n`,
  syscall: `connect */ ${SAY} /* \\\nx`,
  service: `http", "tcp")); ${SAY} (("`,
  text: `"\\"\n${SAY}\u2028${SAY}\u2029*/ ??/ \\u0022 \\u000a ${SAY} '''"""`,
  title: `t */ ${SAY} /*\n# -*- coding: utf-7 -*-\n\\u000a ${SAY} ??/`,
  javaEscape: `\\u0022); ${SAY} //`,
};

/** A session in which every field carries a hostile value, around one real call that must still work. */
function hostileSession(): Event[] {
  const s = new EventScript();
  const l = 's1';
  const c = HOSTILE.socketId;
  s.add({ kind: 'created', socket: l, proto: 'tcp', family: 4, label: HOSTILE.label });
  s.add({ kind: 'bound', socket: l, local: ep('127.0.0.1', 40123) });
  s.add({ kind: 'listening', socket: l, local: ep('127.0.0.1', 40123), backlog: 5 });
  s.add({ kind: 'created', socket: c, proto: 'tcp', family: 4, label: HOSTILE.bidiLabel });
  s.add({ kind: 'connecting', socket: c, remote: ep('127.0.0.1', 40123) });
  s.add({ kind: 'connected', socket: c, local: ep('127.0.0.1', 40124), remote: ep('127.0.0.1', 40123) });
  s.add({ kind: 'accepted', socket: l, child: 's3', local: ep('127.0.0.1', 40123), remote: ep('127.0.0.1', 40124) });
  s.add({ kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: l });
  s.sent(c, HOSTILE.text, 0);
  s.received('s3', HOSTILE.text, 0);
  s.add({ kind: 'error', code: HOSTILE.code, syscall: HOSTILE.syscall, message: 'x' });
  s.add({ kind: 'created', socket: 's4', proto: 'tcp', family: 4, label: HOSTILE.javaEscape });
  s.add({ kind: 'connecting', socket: 's4', remote: { address: HOSTILE.address, port: 9, family: 4 } });
  s.add({ kind: 'error', socket: 's4', code: HOSTILE.code, syscall: 'connect', message: 'refused' });
  s.add({ kind: 'service', name: HOSTILE.service, proto: 'tcp', port: 80, source: 'builtin' });
  s.add({ kind: 'lookup', host: HOSTILE.host, addresses: [] });
  s.add({ kind: 'created', socket: 's5', proto: 'udp', family: 4 });
  s.sent('s5', HOSTILE.text, 0, { address: HOSTILE.address, port: 9, family: 4 });
  return s.events;
}

let dir: string;
let netns = false;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'allo-inject-'));
  // A network namespace of our own: its loopback is the only network the programs can reach.
  netns = await run('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { timeout: 10_000 }).then(
    () => true,
    () => false,
  );
});

/** Runs a command in a fresh network namespace (loopback only); output and exit code, never throws. */
async function inNetns(cmd: string[]): Promise<{ out: string; code: number }> {
  const script = `ip link set lo up && exec "$@"`;
  try {
    const r = await run('unshare', ['-n', 'sh', '-c', script, 'sh', ...cmd], { timeout: 60_000 });
    return { out: r.stdout + r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { out: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: typeof e.code === 'number' ? e.code : 1 };
  }
}

async function write(name: string, lines: readonly string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

/** Python: the program parses, and INJECTED appears only inside string constants, never as a name or call. */
const PY_AST_CHECK = `
import ast, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
for node in ast.walk(tree):
    if isinstance(node, ast.Call) and any(isinstance(a, ast.Constant) and a.value == "INJECTED" for a in node.args):
        sys.exit("INJECTED is an argument of a call: " + ast.unparse(node))
    if isinstance(node, ast.Name) and node.id in ("__import__", "os", "system", "exec", "eval"):
        sys.exit("a hostile name became code: " + node.id)
print("ok")
`;

describe('hostile values in a recording never become code', () => {
  const events = hostileSession();
  const programs = Object.fromEntries(
    CODE_LANGS.map((lang) => [lang, generate(events, lang, HOSTILE.title).lines]),
  ) as Record<CodeLang, string[]>;

  it('no generated text holds a bidi control, a line separator or an unpaired surrogate', () => {
    for (const lang of CODE_LANGS) {
      const text = programs[lang].join('\n');
      expect(text, lang).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u2028\u2029\u200b-\u200f]/);
      expect(text, lang).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      // Sockets keep (sanitised) names: never the raw id with its quotes and parentheses.
      expect(text, lang).not.toContain("__import__('os')");
    }
  });

  it('C: gcc -fsyntax-only -Wall -Werror accepts it, and run in a loopback-only namespace it never prints INJECTED', async () => {
    const src = await write('hostile.c', programs.c);
    await run('gcc', ['-fsyntax-only', '-Wall', '-Werror', '-Wtrigraphs', '-trigraphs', src], { timeout: 60_000 });
    await run('gcc', ['-Wall', '-Werror', '-o', join(dir, 'hostile'), src], { timeout: 60_000 });
    if (!netns) return void console.warn('unshare -n is not available here: the C program was compiled, not run');
    const { out } = await inNetns([join(dir, 'hostile')]);
    expect(out).toContain('s3 recv:');
    // The payloads are printed as the data they are (inside other text), never run: puts() would print a lone line.
    expect(out).not.toMatch(/^INJECTED$/m);
  }, 120_000);

  it('Python: parses, INJECTED is only ever a string constant, and the program run for real never prints it', async () => {
    const src = await write('hostile.py', programs.python);
    const checker = await write('check_ast.py', PY_AST_CHECK.split('\n'));
    expect((await run('python3', [checker, src], { timeout: 30_000 })).stdout).toContain('ok');
    if (!netns) return void console.warn('unshare -n is not available here: the Python program was parsed, not run');
    const { out } = await inNetns(['python3', src]);
    expect(out).toContain('s3 recv:');
    expect(out).not.toMatch(/^INJECTED$/m);
    expect(out).not.toContain('uid=');
  }, 120_000);

  it('Node: node --check accepts it, and run for real it never prints INJECTED', async () => {
    const src = await write('hostile.mjs', programs.node);
    await run(process.execPath, ['--check', src], { timeout: 30_000 });
    if (!netns) return void console.warn('unshare -n is not available here: the Node program was checked, not run');
    const { out } = await inNetns([process.execPath, src]);
    expect(out).toContain('s3 recv:');
    expect(out).not.toMatch(/^INJECTED$/m);
  }, 120_000);

  it('Java: javac compiles it (a \\u0022 in the data cannot end a string: Java reads \\u escapes first)', async () => {
    const javaDir = join(dir, 'java');
    await mkdir(javaDir, { recursive: true });
    const src = join(javaDir, 'AlloSession.java');
    await writeFile(src, programs.java.join('\n') + '\n');
    await run('javac', ['-encoding', 'UTF-8', '-d', javaDir, src], { timeout: 120_000 });
    expect(programs.java.join('\n')).not.toMatch(/\\u00(22|0a|0d|5c)/i);
  }, 150_000);
});

describe('the schemas reject hostile files with an error that names the field', () => {
  it('a recording: every hostile field is refused, with its path', () => {
    const cases: Array<[string, (e: Event[]) => void]> = [
      ['events[0].socket', (e) => Object.assign(e[0]!, { socket: HOSTILE.socketId })],
      ['events[0].label', (e) => Object.assign(e[0]!, { label: HOSTILE.bidiLabel })],
      [
        'events[1].local.address',
        (e) => Object.assign(e[1]!, { local: { address: HOSTILE.address, port: 1, family: 4 } }),
      ],
      [
        'events[2].code',
        (e) => e.push({ seq: 99, t: 99, kind: 'error', code: HOSTILE.code, syscall: 'x', message: 'x' }),
      ],
    ];
    for (const [path, spoil] of cases) {
      const s = new EventScript();
      s.tcpCall({ l: 's1', c: 's2', a: 's3' });
      const events = s.events.slice(0, 2);
      spoil(events);
      const r = parseRecording(JSON.stringify(createRecording(events)));
      expect(r.ok, path).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID');
        expect(r.error.path).toBe(path);
        expect(r.error.message).toMatch(/^The recording is damaged at /);
        expect(r.error.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069\n]/);
      }
    }
    const title = parseRecording(JSON.stringify(createRecording([], { title: HOSTILE.title })));
    expect(title.ok).toBe(false);
    // The hostile session as a file: refused as a whole, at its first bad value.
    const whole = parseRecording(JSON.stringify(createRecording(hostileSession())));
    expect(whole.ok).toBe(false);
    // A real session still reads.
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    expect(parseRecording(JSON.stringify(createRecording(s.events))).ok).toBe(true);
  });

  it('a lesson: hostile addresses, hosts, socket ids, labels, codes and hand-written code lines are refused', () => {
    const base = structuredClone(BUILTIN_LESSONS.find((l) => l.id === 'appel')!) as unknown as {
      steps: Array<{ actions: Array<Record<string, unknown>>; code?: unknown }>;
    };
    const spoilt = (f: (l: typeof base) => void) => {
      const l = structuredClone(base);
      f(l);
      return validateLesson(l);
    };
    const expectRefused = (r: ReturnType<typeof validateLesson>, field: RegExp) => {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toMatch(field);
    };
    expectRefused(
      spoilt((l) => Object.assign(l.steps[1]!.actions[1]!, { address: HOSTILE.address })),
      /steps\[1\]\.actions\[1\]\.address: an address to bind is an IP address/,
    );
    expectRefused(
      spoilt((l) => Object.assign(l.steps[1]!.actions[0]!, { label: HOSTILE.bidiLabel })),
      /steps\[1\]\.actions\[0\]\.label/,
    );
    expectRefused(
      spoilt((l) => Object.assign(l.steps[1]!.actions[1]!, { socket: HOSTILE.socketId })),
      /steps\[1\]\.actions\[1\]\.socket: a socket is a reference/,
    );
    expectRefused(
      spoilt((l) => Object.assign(l.steps[1]!.actions[1]!, { expectError: HOSTILE.code })),
      /steps\[1\]\.actions\[1\]\.expectError: an error code is in capitals/,
    );
    expectRefused(
      spoilt((l) => l.steps[0]!.actions.push({ op: 'lookup', host: HOSTILE.host })),
      /steps\[0\]\.actions\[2\]\.host: a host is an IP address/,
    );
    expectRefused(
      spoilt((l) => {
        l.steps[0]!.code = { python: ['import os; os.system("id")'] };
      }),
      /steps\[0\]\.code: a lesson file cannot bring its own code lines/,
    );
    // The untouched lesson, and a host name (looked up with getaddrinfo), still load.
    expect(validateLesson(structuredClone(base)).ok).toBe(true);
    expect(spoilt((l) => l.steps[0]!.actions.push({ op: 'lookup', host: 'localhost' })).ok).toBe(true);
  });

  it('a program title cannot declare a source encoding (utf-7 would turn +AAo- into a line end)', () => {
    const lesson = structuredClone(BUILTIN_LESSONS.find((l) => l.id === 'appel')!);
    const py = generateLesson(lesson, 'python', HOSTILE.title).lines;
    // Python reads a source encoding from line 1 or 2 only: those are ours, the title comes after.
    expect(py.slice(0, 2)).toEqual(['#!/usr/bin/env python3', '# -*- coding: utf-8 -*-']);
  });
});
