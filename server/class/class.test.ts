/**
 * The class (`--class`): real WebSocket clients for the teacher and students,
 * real sockets on loopback, a real outside service the students must not reach.
 */
import http from 'node:http';
import net from 'node:net';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEACHER_OPS } from '../../shared/class';
import type { CommandInput, EventOf } from '../../shared/protocol';
import type { AlloTestClient } from '../testing/client';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
let secret: string;

beforeEach(async () => {
  server = await startTestServer({ class: { addresses: ['127.0.0.2'] } });
  secret = server.class!.secret;
});
afterEach(async () => {
  await server.close();
});

const teacher = () => server.client({ hello: { teacher: secret } });
async function student(name: string): Promise<AlloTestClient> {
  const c = await server.client();
  await c.ok({ op: 'class-join', name });
  return c;
}
/** A listening TCP socket of `c`, published as `<name>:<service>`. */
async function publishedListener(c: AlloTestClient, service: string) {
  const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
  await c.ok({ op: 'listen', socket, address: '127.0.0.1', port: 0 });
  const entry = await c.ok({ op: 'publish', socket, service });
  return { socket, entry };
}
const lastRoster = (t: AlloTestClient) => t.eventsOf('roster').at(-1);

describe('starting a class', () => {
  it('listens on the class address too, and says who the page is in welcome', async () => {
    expect(server.class!.studentUrls).toEqual([`http://127.0.0.2:${server.port}/`]);
    const res = await fetch(`http://127.0.0.2:${server.port}/healthz`);
    expect(res.status).toBe(200);
    const guest = await server.client();
    expect(guest.welcome?.class).toMatchObject({ role: 'guest', frozen: false, ended: false });
    const t = await teacher();
    expect(t.welcome?.class).toMatchObject({ role: 'teacher', studentUrl: `http://127.0.0.2:${server.port}/` });
  });

  it("draws the students' address as a QR code (SVG) for the teacher's page and the projector", async () => {
    const res = await fetch(`${server.url}/api/class/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg [^>]*viewBox=/);
    // The same image for the same address: what the e2e spec reads back with a decoder is this one.
    expect(await (await fetch(`${server.url}/api/class/qr.svg`)).text()).toBe(
      await (await fetch(`http://127.0.0.2:${server.port}/api/class/qr.svg`)).text(),
    );
  });

  it('refuses a wrong teacher secret at hello, and starts no session', async () => {
    const c = await server.client({ hello: false });
    const reply = await c.send({ op: 'hello', protocol: 1, teacher: 'not-the-secret' });
    expect(reply.ok ? undefined : reply.error.code).toBe('NOT_TEACHER');
    expect(server.stats().sessions).toBe(0);
  });
});

describe('joining', () => {
  it('validates names and keeps them unique case-insensitively', async () => {
    await student('Alice');
    const c = await server.client();
    expect((await c.fail({ op: 'socket', proto: 'tcp', family: 4 })).code).toBe('NOT_JOINED');
    expect((await c.fail({ op: 'class-join', name: 'alice' })).code).toBe('NAME_TAKEN');
    expect((await c.fail({ op: 'class-join', name: 'teacher' })).code).toBe('NAME_TAKEN');
    expect((await c.fail({ op: 'class-join', name: '   ' })).code).toBe('NAME_INVALID');
    expect((await c.fail({ op: 'class-join', name: 'bob\u202eevil' })).code).toBe('NAME_INVALID');
    expect((await c.fail({ op: 'class-join', name: 'b\u0007' })).code).toBe('NAME_INVALID');
    expect((await c.fail({ op: 'class-join', name: 'x'.repeat(25) })).code).toBe('NAME_INVALID');
    expect((await c.fail({ op: 'class-join', name: 'a:b' })).code).toBe('NAME_INVALID');
    expect(await c.ok({ op: 'class-join', name: ' Bob ' })).toEqual({ student: expect.any(String), name: 'Bob' });
    expect((await c.fail({ op: 'class-join', name: 'Bobby' })).code).toBe('BAD_STATE');
  });

  it('shows the teacher a live roster', async () => {
    const t = await teacher();
    const a = await student('alice');
    await t.waitFor('roster', (e) => e.students.some((s) => s.name === 'alice'));
    await a.ok({ op: 'socket', proto: 'udp', family: 4 });
    await student('bob');
    await t.waitFor('roster', (e) => e.students.length === 2 && e.students.some((s) => s.sockets === 1));
    expect(
      lastRoster(t)!
        .students.map((s) => s.name)
        .sort(),
    ).toEqual(['alice', 'bob']);
  });

  it('refuses every teacher command from a student, and from a guest', async () => {
    const a = await student('alice');
    const g = await server.client();
    const byOp: Record<(typeof TEACHER_OPS)[number], CommandInput> = {
      'class-rename': { op: 'class-rename', student: 'p1', name: 'x' },
      'class-remove': { op: 'class-remove', student: 'p1' },
      'class-end': { op: 'class-end' },
      'class-freeze': { op: 'class-freeze', frozen: true },
      'class-spotlight': { op: 'class-spotlight', student: null },
    };
    for (const op of TEACHER_OPS) {
      expect([op, (await a.fail(byOp[op])).code]).toEqual([op, 'NOT_TEACHER']);
      expect([op, (await g.fail(byOp[op])).code]).toEqual([op, 'NOT_TEACHER']);
    }
    expect(a.eventsOf('class-state').every((e) => !e.frozen && !e.ended)).toBe(true);
  });
});

describe('the phone book and the narrowed targets', () => {
  it('publishes a listener, lists it for everyone, and answers a look-up with its real address and port', async () => {
    const a = await student('alice');
    const b = await student('bob');
    const { entry } = await publishedListener(a, 'echo');
    expect(entry).toMatchObject({ name: 'alice:echo', proto: 'tcp', address: '127.0.0.1' });
    await b.waitFor('directory', (e) => e.entries.some((x) => x.name === 'alice:echo' && x.port === entry.port));
    const found = await b.ok({ op: 'directory-lookup', name: 'ALICE:echo' });
    expect(found.port).toBe(entry.port);
    const lookup = await b.waitFor('lookup', (e) => e.source === 'class');
    expect(lookup).toMatchObject({ host: 'alice:echo', port: entry.port, addresses: [{ address: '127.0.0.1' }] });
    expect((await b.fail({ op: 'directory-lookup', name: 'carol:echo' })).code).toBe('NOT_FOUND');
    const { socket: udp } = await b.ok({ op: 'socket', proto: 'udp', family: 4 });
    expect((await b.fail({ op: 'publish', socket: udp, service: 'chat' })).code).toBe('BAD_STATE');
    expect((await b.fail({ op: 'unpublish', name: 'alice:echo' })).code).toBe('NOT_FOUND');
    await a.ok({ op: 'unpublish', name: 'alice:echo' });
    await b.waitFor('directory', (e) => e.entries.length === 0 && e.seq > lookup.seq);
  });

  it("refuses a student's call to an unpublished port (the teacher's own service), not the teacher's", async () => {
    const service = net.createServer((s) => s.end());
    await new Promise<void>((r) => service.listen(0, '127.0.0.1', r));
    const port = (service.address() as net.AddressInfo).port;
    try {
      const b = await student('bob');
      const { socket } = await b.ok({ op: 'socket', proto: 'tcp', family: 4 });
      const refused = await b.fail({ op: 'connect', socket, host: 'localhost', port });
      expect(refused.code).toBe('CLASS_NOT_PUBLISHED');
      expect(refused.message).toContain(`port ${port}`);
      const { socket: udp } = await b.ok({ op: 'socket', proto: 'udp', family: 4 });
      const sendto = await b.fail({ op: 'send', socket: udp, data: { text: 'x' }, to: { host: '127.0.0.1', port } });
      expect(sendto.code).toBe('CLASS_NOT_PUBLISHED');
      // Their own bound socket is theirs to call.
      const { local } = await b.ok({ op: 'bind', socket: udp, address: '127.0.0.1', port: 0 });
      await b.ok({ op: 'send', socket: udp, data: { text: 'me' }, to: { host: '127.0.0.1', port: local.port } });
      await b.waitFor('received', (e) => e.socket === udp && e.data.text === 'me');
      const t = await teacher();
      const { socket: ts } = await t.ok({ op: 'socket', proto: 'tcp', family: 4 });
      await t.ok({ op: 'connect', socket: ts, host: '127.0.0.1', port });
    } finally {
      service.close();
    }
  });

  it('a published TCP port is not a way to reach a UDP service on that number, nor the reverse', async () => {
    const a = await student('alice');
    const b = await student('bob');
    const { entry } = await publishedListener(a, 'echo');
    const { socket: udp } = await b.ok({ op: 'socket', proto: 'udp', family: 4 });
    const to = { host: '127.0.0.1', port: entry.port };
    expect((await b.fail({ op: 'send', socket: udp, data: { text: 'x' }, to })).code).toBe('CLASS_NOT_PUBLISHED');
  });
});

describe('calls between students', () => {
  it('shows a call on both sides with the other as a named peer, and each sees only their own bytes', async () => {
    const t = await teacher();
    const a = await student('alice');
    const b = await student('bob');
    const c = await student('carol');
    const { entry, socket: listener } = await publishedListener(a, 'echo');
    const { socket } = await b.ok({ op: 'socket', proto: 'tcp', family: 4 });
    await b.ok({ op: 'connect', socket, host: entry.address, port: entry.port });
    const accepted = await a.waitFor('accepted', (e) => e.socket === listener);
    const bPeer = await b.waitFor('class-peer', (e) => e.socket === socket);
    expect(bPeer).toMatchObject({ peer: 'alice', service: 'alice:echo', remote: { port: entry.port } });
    const aPeer = await a.waitFor('class-peer', (e) => e.socket === accepted.child);
    expect(aPeer).toMatchObject({ peer: 'bob', service: 'alice:echo', remote: accepted.remote });

    await b.ok({ op: 'send', socket, data: { text: 'Allô ?' } });
    await a.waitFor('received', (e) => e.socket === accepted.child && e.data.text === 'Allô ?');
    await a.ok({ op: 'send', socket: accepted.child, data: { text: 'Oui !' } });
    await b.waitFor('received', (e) => e.socket === socket && e.data.text === 'Oui !');

    const roster = await t.waitFor('roster', (e) => e.calls.some((x) => x.sent === 7 && x.received === 5));
    expect(roster.calls).toEqual([
      {
        from: expect.any(String),
        to: expect.any(String),
        proto: 'tcp',
        service: 'alice:echo',
        sent: 7,
        received: 5,
        open: true,
      },
    ]);
    const ids = Object.fromEntries(roster.students.map((s) => [s.name, s.id]));
    expect(roster.calls[0]).toMatchObject({ from: ids.bob, to: ids.alice });
    // Bob's page has Bob's bytes only: his own "sent", and what his socket received.
    const bytesOf = (x: AlloTestClient) =>
      x.events.filter((e): e is EventOf<'sent'> | EventOf<'received'> => e.kind === 'sent' || e.kind === 'received');
    expect(bytesOf(b).map((e) => [e.kind, e.socket, e.data.text])).toEqual([
      ['sent', socket, 'Allô ?'],
      ['received', socket, 'Oui !'],
    ]);
    expect(bytesOf(c)).toEqual([]);
    expect(bytesOf(t)).toEqual([]);
  });

  it('tells both ends of a UDP exchange to a published socket who the other is', async () => {
    const a = await student('alice');
    const b = await student('bob');
    const { socket: box } = await a.ok({ op: 'socket', proto: 'udp', family: 4 });
    const { local } = await a.ok({ op: 'bind', socket: box, address: '127.0.0.1', port: 0 });
    await a.ok({ op: 'publish', socket: box, service: 'postbox' });
    const { socket } = await b.ok({ op: 'socket', proto: 'udp', family: 4 });
    await b.ok({ op: 'bind', socket, address: '127.0.0.1', port: 0 });
    await b.ok({ op: 'send', socket, data: { text: 'carte' }, to: { host: '127.0.0.1', port: local.port } });
    expect(await b.waitFor('class-peer', (e) => e.socket === socket)).toMatchObject({
      peer: 'alice',
      service: 'alice:postbox',
    });
    expect(await a.waitFor('class-peer', (e) => e.socket === box)).toMatchObject({
      peer: 'bob',
      service: 'alice:postbox',
    });
  });
});

describe("the teacher's commands", () => {
  it('freezes the class: students are refused until unfrozen, the teacher is not', async () => {
    const t = await teacher();
    const a = await student('alice');
    await t.ok({ op: 'class-freeze', frozen: true });
    await a.waitFor('class-state', (e) => e.frozen);
    const refused = await a.fail({ op: 'socket', proto: 'tcp', family: 4 });
    expect(refused.code).toBe('CLASS_FROZEN');
    await t.ok({ op: 'socket', proto: 'tcp', family: 4 });
    await t.ok({ op: 'class-freeze', frozen: false });
    await a.waitFor('class-state', (e) => !e.frozen && e.seq > 2);
    await a.ok({ op: 'socket', proto: 'tcp', family: 4 });
  });

  it('renames a student (their published names follow) and removes one (their sockets close, their page is told)', async () => {
    const t = await teacher();
    const a = await student('alice');
    const b = await student('bob');
    const { entry } = await publishedListener(a, 'echo');
    const roster = await t.waitFor('roster', (e) => e.students.length === 2);
    const alice = roster.students.find((s) => s.name === 'alice')!;
    expect((await t.fail({ op: 'class-rename', student: alice.id, name: 'Bob' })).code).toBe('NAME_TAKEN');
    await t.ok({ op: 'class-rename', student: alice.id, name: 'alicia' });
    await b.waitFor('directory', (e) => e.entries.some((x) => x.name === 'alicia:echo'));
    await a.waitFor('class-state', (e) => e.name === 'alicia');

    await t.ok({ op: 'class-remove', student: alice.id });
    const closed = await a.closed;
    expect(closed.code).toBe(4010);
    expect(a.events.some((e) => e.kind === 'class-state' && e.ended && e.reason === 'removed')).toBe(true);
    await b.waitFor('directory', (e) => e.entries.length === 0);
    // Her listener is really closed: the kernel refuses the port now.
    const err = await new Promise<string>((resolve) => {
      const s = net.connect(entry.port, '127.0.0.1');
      s.on('connect', () => resolve('connected'));
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
    });
    expect(err).toBe('ECONNREFUSED');
    expect((await t.fail({ op: 'class-remove', student: alice.id })).code).toBe('NOT_FOUND');
  });

  it('ends the class: every student is told and disconnected, later joins are refused', async () => {
    const t = await teacher();
    const a = await student('alice');
    const b = await student('bob');
    await t.ok({ op: 'class-end' });
    expect((await a.closed).code).toBe(4011);
    expect((await b.closed).code).toBe(4011);
    expect(b.events.some((e) => e.kind === 'class-state' && e.ended && e.reason === 'ended')).toBe(true);
    const late = await server.client();
    expect((await late.fail({ op: 'class-join', name: 'carol' })).code).toBe('CLASS_ENDED');
    await t.waitFor('class-state', (e) => e.ended);
  });

  it('spotlights a student: the teacher gets a read-only copy of their events, the student knows', async () => {
    const t = await teacher();
    const a = await student('alice');
    const { socket } = await a.ok({ op: 'socket', proto: 'udp', family: 4, label: 'phone' });
    const roster = await t.waitFor('roster', (e) => e.students.length === 1);
    const id = roster.students[0]!.id;
    await t.ok({ op: 'class-spotlight', student: id });
    await a.waitFor('class-state', (e) => e.spotlight === id);
    await t.until(() => t.spotlights.some((f) => f.reset && f.events.some((e) => e.kind === 'created')), 'spotlight');
    const first = t.spotlights.find((f) => f.reset && f.student === id)!;
    expect(first.events.map((e) => e.seq)).toEqual(a.events.slice(0, first.events.length).map((e) => e.seq));
    await a.ok({ op: 'bind', socket, address: '127.0.0.1', port: 0 });
    await t.until(() => t.spotlights.some((f) => !f.reset && f.events.some((e) => e.kind === 'bound')), 'live');
    await t.ok({ op: 'class-spotlight', student: null });
    await a.waitFor('class-state', (e) => e.spotlight === undefined && e.seq > first.events.length);
    await t.until(() => t.spotlights.at(-1)?.student === null, 'spotlight off');
  });

  it('exports the whole class as one recording, for the teacher secret only', async () => {
    const a = await student('alice');
    await a.ok({ op: 'socket', proto: 'tcp', family: 4 });
    const url = `${server.url}/api/class/recording.json`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      members: { name: string; recording: { events: { seq: number; kind: string }[] } }[];
    };
    const alice = body.members.find((m) => m.name === 'alice')!;
    expect(alice.recording.events.map((e) => e.seq)).toEqual(alice.recording.events.map((_, i) => i + 1));
    expect(alice.recording.events.some((e) => e.kind === 'created')).toBe(true);
  });
});

describe('without --class', () => {
  it('has no class: no welcome.class, class ops answer NOT_IN_CLASS, a teacher link is refused', async () => {
    const plain = await startTestServer();
    try {
      expect(plain.class).toBeUndefined();
      const c = await plain.client();
      expect(c.welcome?.class).toBeUndefined();
      expect((await c.fail({ op: 'class-join', name: 'alice' })).code).toBe('NOT_IN_CLASS');
      const t = await plain.client({ hello: false });
      const reply = await t.send({ op: 'hello', protocol: 1, teacher: 'x' });
      expect(reply.ok ? '' : reply.error.code).toBe('NOT_IN_CLASS');
      const res = await fetch(`${plain.url}/api/class/recording.json`);
      expect(res.headers.get('content-type') ?? '').not.toContain('application/json');
      const qr = await fetch(`${plain.url}/api/class/qr.svg`);
      expect(qr.headers.get('content-type') ?? '').not.toContain('image/svg');
    } finally {
      await plain.close();
    }
  });
});

describe('the class limits, pushed past', () => {
  it('refuses the student past classMaxStudents and the name past classMaxPublishedPerStudent, naming the limit; the others carry on', async () => {
    const small = await startTestServer({
      class: { addresses: ['127.0.0.2'] },
      limits: { classMaxStudents: 2, classMaxPublishedPerStudent: 2 },
    });
    try {
      const join = async (name: string) => {
        const c = await small.client();
        return { c, reply: await c.send({ op: 'class-join', name }) };
      };
      const alice = await join('alice');
      const bob = await join('bob');
      expect([alice.reply.ok, bob.reply.ok]).toEqual([true, true]);
      const carol = await join('carol');
      expect(carol.reply.ok).toBe(false);
      if (!carol.reply.ok) {
        expect(carol.reply.error).toMatchObject({ code: 'LIMIT', limit: 'classMaxStudents' });
        expect(carol.reply.error.message).toContain('2 students');
      }
      // carol stays a guest, told why; she has no sockets to lose.
      expect((await carol.c.fail({ op: 'socket', proto: 'tcp', family: 4 })).code).toBe('NOT_JOINED');

      const publish = async (c: AlloTestClient, service: string) => {
        const { socket } = await c.ok({ op: 'socket', proto: 'tcp', family: 4 });
        await c.ok({ op: 'listen', socket, address: '127.0.0.1', port: 0 });
        return c.send({ op: 'publish', socket, service });
      };
      expect((await publish(alice.c, 'one')).ok).toBe(true);
      expect((await publish(alice.c, 'two')).ok).toBe(true);
      const third = await publish(alice.c, 'three');
      expect(third.ok ? undefined : third.error).toMatchObject({ code: 'LIMIT', limit: 'classMaxPublishedPerStudent' });
      // Her two names stay in the phone book, and bob's first one is taken.
      expect((await publish(bob.c, 'one')).ok).toBe(true);
      const book = bob.c
        .eventsOf('directory')
        .at(-1)
        ?.entries.map((e) => e.name)
        .sort();
      await bob.c.until(() => (bob.c.eventsOf('directory').at(-1)?.entries.length ?? 0) === 3, 'three names listed');
      expect(
        bob.c
          .eventsOf('directory')
          .at(-1)!
          .entries.map((e) => e.name)
          .sort(),
      ).toEqual(['alice:one', 'alice:two', 'bob:one']);
    } finally {
      await small.close();
    }
  });
});

describe('class refusals name their situation', () => {
  it('carry a reason the page translates: already joined, nothing to publish, no such name, name taken', async () => {
    const alice = await student('alice');
    const again = await alice.fail({ op: 'class-join', name: 'alice2' });
    expect([again.code, again.reason]).toEqual(['BAD_STATE', 'already-joined']);
    const { socket } = await alice.ok({ op: 'socket', proto: 'tcp', family: 4 });
    const bare = await alice.fail({ op: 'publish', socket, service: 'echo' });
    expect([bare.code, bare.reason]).toEqual(['BAD_STATE', 'not-publishable']);
    const missing = await alice.fail({ op: 'directory-lookup', name: 'bob:echo' });
    expect([missing.code, missing.reason]).toEqual(['NOT_FOUND', 'no-entry']);
    await publishedListener(alice, 'echo');
    const { socket: second } = await alice.ok({ op: 'socket', proto: 'tcp', family: 4 });
    await alice.ok({ op: 'listen', socket: second, address: '127.0.0.1', port: 0 });
    const taken = await alice.fail({ op: 'publish', socket: second, service: 'echo' });
    expect([taken.code, taken.reason]).toEqual(['NAME_TAKEN', 'service-taken']);
    const t = await teacher();
    const nobody = await t.fail({ op: 'class-remove', student: 'p999' });
    expect([nobody.code, nobody.reason]).toEqual(['NOT_FOUND', 'no-student']);
  });
});

describe("the machine's own name in class mode", () => {
  /** GET /healthz on loopback with the Host header a student's browser would send for `name`. */
  const statusFor = (port: number, name: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/healthz', headers: { Host: `${name}:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });

  it.skipIf(!hostname() || hostname() === 'localhost')(
    'is an allowed Host with --class (students may type it), and refused without (DNS rebinding)',
    async () => {
      expect(await statusFor(server.port, hostname())).toBe(200);
      expect(await statusFor(server.port, `${hostname()}.local`)).toBe(200);
      expect(await statusFor(server.port, 'evil.example')).toBe(403);
      const plain = await startTestServer();
      try {
        expect(await statusFor(plain.port, hostname())).toBe(403);
      } finally {
        await plain.close();
      }
    },
  );
});
