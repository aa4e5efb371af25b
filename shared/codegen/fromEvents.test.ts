import { describe, expect, it } from 'vitest';
import { EventScript, ep } from '../testing/events';
import { programFromEvents } from './fromEvents';
import { generate } from './index';

describe('session events → program', () => {
  it('maps each event to its call, and a receive never comes before the send that feeds it', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' }, 40001, 40002);
    // The server may report the receive before the sender's write callback: the program must not.
    s.received('s3', 'hello', 0);
    s.sent('s2', 'hello', 0);
    s.add({ kind: 'ended', socket: 's2' });
    s.add({ kind: 'peer-ended', socket: 's3' });
    s.add({ kind: 'reset', socket: 's3' });
    s.add({ kind: 'closed', socket: 's3', hadError: false });
    const ops = programFromEvents(s.events).stmts.map((x) => `${x.op}${'v' in x ? ` ${x.v}` : ''}`);
    expect(ops).toEqual([
      'socket s1',
      'bind s1',
      'listen s1',
      'socket s2',
      'connect s2',
      'accept s3',
      'send s2',
      'recv s3',
      'shutdown s2',
      'recv s3',
      'reset s3',
    ]);
  });

  it('a port the kernel chose becomes a variable read with getsockname; a fixed one stays a number', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' }, 45000, 45001);
    const c = generate(s.events, 'c', 't').lines.join('\n');
    expect(c).toContain('int s1_port = local_port(s1);');
    expect(c).toContain('make_addr(&addr, "127.0.0.1", s1_port)');
    const fixed = new EventScript();
    fixed.tcpCall({ l: 's1', c: 's2', a: 's3' }, 5000, 45001);
    expect(generate(fixed.events, 'python', 't').lines).toContain('s1.bind(("127.0.0.1", 5000))');
  });

  it('UDP: sendto with the destination, recvfrom after the matching datagram', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 'u1', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'u1', local: ep('127.0.0.1', 50000) });
    s.add({ kind: 'created', socket: 'u2', proto: 'udp', family: 4 });
    s.add({ kind: 'bound', socket: 'u2', local: ep('127.0.0.1', 50001) });
    s.received('u1', 'hi', 0, ep('127.0.0.1', 50001));
    s.sent('u2', 'hi', 0, ep('127.0.0.1', 50000));
    const py = generate(s.events, 'python', 't').lines;
    expect(py.indexOf('u2.sendto(b"hi", ("127.0.0.1", u1_port))')).toBeLessThan(
      py.indexOf('data, _ = u1.recvfrom(65536)'),
    );
    expect(py.indexOf('data, _ = u1.recvfrom(65536)')).toBeGreaterThan(0);
  });

  it('a refused connect is wrapped so the program reports it and goes on', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    s.add({ kind: 'connecting', socket: 's1', remote: ep('127.0.0.1', 9) });
    s.add({ kind: 'error', socket: 's1', code: 'ECONNREFUSED', syscall: 'connect', message: 'nobody' });
    const py = generate(s.events, 'python', 't').lines;
    expect(py).toContain('try:');
    expect(py).toContain('except OSError as e:  # ECONNREFUSED');
  });
});

describe('lesson → program', () => {
  it("a step's hand-written lines replace the generated ones in their language only", async () => {
    const { BUILTIN_LESSONS } = await import('../lessons/builtin');
    const { generateLesson } = await import('./index');
    const base = BUILTIN_LESSONS.find((l) => l.id === 'appel')!;
    const lesson = {
      ...base,
      steps: base.steps.map((st, i) =>
        i === 2 ? { ...st, code: { python: ['caller = socket.socket()  # AF_INET, SOCK_STREAM by default'] } } : st,
      ),
    };
    const py = generateLesson(lesson, 'python', 't');
    const [[a, b]] = py.steps[2] as [[number, number]];
    expect(py.lines.slice(a, b + 1)).toEqual(['caller = socket.socket()  # AF_INET, SOCK_STREAM by default']);
    const c = generateLesson(lesson, 'c', 't');
    const [[ca]] = c.steps[2] as [[number, number]];
    // The socket is labelled "client": that is its name in the program (its `as` name is "caller").
    expect(c.lines[ca]).toContain('int client = socket(AF_INET, SOCK_STREAM, 0);');
  });
});

describe('the code view writes the bind() the user made, and only the close() calls they made', () => {
  it('a TCP bind reported at once, then listen (bound again) or connect: exactly one bind() with the user address and port', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4, label: 'server' });
    s.add({ kind: 'bound', socket: 's1', local: ep('127.0.0.1', 5000) });
    s.add({ kind: 'bound', socket: 's1', local: ep('127.0.0.1', 5000) });
    s.add({ kind: 'listening', socket: 's1', local: ep('127.0.0.1', 5000), backlog: 16 });
    s.add({ kind: 'created', socket: 's2', proto: 'tcp', family: 4 });
    s.add({ kind: 'bound', socket: 's2', local: ep('127.0.0.1', 6000) });
    s.add({ kind: 'connecting', socket: 's2', remote: ep('127.0.0.1', 5000) });
    s.add({ kind: 'connected', socket: 's2', local: ep('127.0.0.1', 6000), remote: ep('127.0.0.1', 5000) });
    const c = generate(s.events, 'c', 't').lines.map((l) => l.trim());
    expect(c.filter((l) => l.startsWith('if (bind(server,'))).toHaveLength(1);
    expect(c).toContain('len = make_addr(&addr, "127.0.0.1", 5000);');
    const bindS2 = c.findIndex((l) => l.startsWith('if (bind(s2,'));
    expect(c[bindS2 - 1]).toBe('len = make_addr(&addr, "127.0.0.1", 6000);');
    expect(bindS2).toBeLessThan(c.findIndex((l) => l.startsWith('if (connect(s2,')));
    expect(c.filter((l) => l.startsWith('if (bind(s2,'))).toHaveLength(1);
  });

  it('a socket Node closed by itself is closed at the end of the C program, and says why; an old recording (no cause) keeps its close()', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    s.add({ kind: 'ended', socket: 's2' });
    s.add({ kind: 'peer-ended', socket: 's3' });
    s.add({ kind: 'closed', socket: 's3', hadError: false, cause: 'user' } as never);
    s.add({ kind: 'peer-ended', socket: 's2' });
    s.add({ kind: 'closed', socket: 's2', hadError: false, cause: 'node' } as never);
    s.add({ kind: 'created', socket: 's4', proto: 'tcp', family: 4 });
    const c = generate(s.events, 'c', 't').lines.map((l) => l.trim());
    const closeS2 = c.findIndex((l) => l.startsWith('close(s2);'));
    expect(c[closeS2]).toBe(
      'close(s2); /* Node closed it by itself (both sides said goodbye); in C you still call close() */',
    );
    // After everything the user did (the socket s4 came later): the C program's own tidy-up.
    expect(closeS2).toBeGreaterThan(c.findIndex((l) => l.startsWith('int s4 = socket(')));
    expect(c).toContain('close(s3);');
    const fr = generate(s.events, 'python', 't', 'fr').lines;
    expect(fr).toContain(
      "s2.close()  # Node l'a fermé tout seul (les deux côtés ont dit au revoir) ; en C, on appelle quand même close()",
    );
    // Without `cause` (recordings made before it), the close stays where it happened.
    const old = new EventScript();
    old.tcpCall({ l: 's1', c: 's2', a: 's3' });
    old.add({ kind: 'closed', socket: 's2', hadError: false });
    old.add({ kind: 'created', socket: 's4', proto: 'tcp', family: 4 });
    const oc = generate(old.events, 'c', 't').lines.map((l) => l.trim());
    expect(oc.indexOf('close(s2);')).toBeLessThan(oc.findIndex((l) => l.startsWith('int s4 = socket(')));
  });
});

describe('a failed bind in free mode', () => {
  it('becomes the real bind() with its error check when the event says what it asked for; a comment otherwise', () => {
    const s = new EventScript();
    s.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    s.add({
      kind: 'error',
      socket: 's1',
      code: 'EADDRINUSE',
      syscall: 'bind',
      message: 'taken',
      requested: ep('127.0.0.1', 5000),
    });
    const c = generate(s.events, 'c', 't').lines.map((l) => l.trim());
    expect(c).toContain('len = make_addr(&addr, "127.0.0.1", 5000);');
    expect(c).toContain('if (bind(s1, (struct sockaddr *)&addr, len) < 0) perror("bind"); /* EADDRINUSE */');
    const py = generate(s.events, 'python', 't').lines;
    expect(py).toContain('    s1.bind(("127.0.0.1", 5000))');
    expect(py).toContain('except OSError as e:  # EADDRINUSE');
    const old = new EventScript();
    old.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    old.add({ kind: 'error', socket: 's1', code: 'EADDRINUSE', syscall: 'listen', message: 'taken' });
    expect(generate(old.events, 'c', 't').lines.map((l) => l.trim())).toContain('/* listen() → EADDRINUSE */');
  });
});

describe('the programs speak the page’s language', () => {
  /** The comments of a program: C's block comments, and the line comments of Node, Java and Python. */
  const comments = (code: string) => [
    ...Array.from(code.matchAll(/\/\*([\s\S]*?)\*\//g), (m) => m[1]!),
    ...Array.from(code.matchAll(/(?:\/\/|^\s*# )(.*)$/gm), (m) => m[1]!),
  ];
  const ENGLISH = /\b(the|from|Fills|Keeps|Returns|reads|has none|Template|Helpers|Generated|Build|Run)\b/;
  const FRENCH = /\b(le|la|les|une|depuis|Remplit|Garde|Rend|Utilitaires|Généré|Compiler|Lancer)\b/u;
  for (const lang of ['c', 'python', 'node', 'java'] as const) {
    it(`${lang}: in French every comment is French, the helpers' too; in English, English`, () => {
      const s = new EventScript();
      s.tcpCall({ l: 's1', c: 's2', a: 's3' }, 40001, 40002);
      s.sent('s2', 'hello', 0);
      s.received('s3', 'hello', 0);
      const fr = comments(generate(s.events, lang, 't', 'fr').lines.join('\n'));
      expect(fr.length).toBeGreaterThan(1);
      expect(fr.filter((c) => ENGLISH.test(c))).toEqual([]);
      const en = comments(generate(s.events, lang, 't', 'en').lines.join('\n'));
      expect(en.filter((c) => FRENCH.test(c))).toEqual([]);
    });
  }
});
