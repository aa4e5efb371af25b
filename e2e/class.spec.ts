import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';
import { expect, test } from './fixtures';
import { decodePng } from '../server/testing/qrDecode';
import { ClassPage } from './pages/ClassPage';

// A class on this machine: loopback for the teacher, 127.0.0.2 standing for the machine's network address.
test.use({ serverArgs: ['--class', '--class-address', '127.0.0.2'] });

/** A service on the teacher's machine that nobody published: students must not reach it. */
async function unpublishedListener(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.on('error', () => {}).end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

/** A script that joins the class as a student and tries a teacher's command: the server's answer. */
async function teacherCommandFromStudent(port: number): Promise<{ code: string }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  ws.on('error', () => {});
  await once(ws, 'open');
  const replies = new Map<number, (frame: { ok: boolean; error?: { code: string } }) => void>();
  ws.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { type: string; id?: number; ok: boolean; error?: { code: string } };
    if (frame.type === 'reply' && typeof frame.id === 'number') replies.get(frame.id)?.(frame);
  });
  const request = (id: number, command: object) =>
    new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
      replies.set(id, resolve);
      ws.send(JSON.stringify({ id, ...command }));
    });
  ws.send(JSON.stringify({ id: 0, op: 'hello', protocol: 1 }));
  expect((await request(1, { op: 'class-join', name: 'mallory' })).ok).toBe(true);
  const reply = await request(2, { op: 'class-end' });
  ws.close();
  return { code: reply.ok ? 'OK' : (reply.error?.code ?? '') };
}

test('a class: join, phone book, calls between students, projector and spotlight, freeze, removal', async ({
  page,
  browser,
  alloServer,
}) => {
  test.setTimeout(300_000);
  expect(alloServer.teacherSecret, 'the server printed a teacher link').toBeTruthy();
  const teacher = new ClassPage(page);
  let studentUrl = '';

  await test.step('the teacher link opens the teacher page, with the address for the students', async () => {
    await teacher.open(`/?teacher=${alloServer.teacherSecret}`);
    await expect(page.getByTestId('class-who')).toContainText(/teacher/i);
    // The secret leaves the address bar: the page may go on the projector.
    expect(page.url()).not.toContain('teacher=');
    await teacher.openClassTab();
    studentUrl = (await page.getByTestId('class-student-url').textContent()) ?? '';
    expect(studentUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.2:${alloServer.port}/?$`));
    // The QR code beside it holds that address: read back from the pixels on screen, as a phone's camera would.
    const qr = page.getByTestId('class-qr');
    await expect(qr).toBeVisible();
    await expect.poll(async () => decodePng(await qr.screenshot())).toBe(studentUrl);
    await teacher.screenshot('class-teacher-desk');
  });

  const alice = await ClassPage.guest(browser, studentUrl);
  const bob = await ClassPage.guest(browser, studentUrl);
  const carol = await ClassPage.guest(browser, studentUrl);

  await test.step('students join; a name already taken (whatever the case) or invalid is refused', async () => {
    await alice.join('alice');
    const taken = await bob.joinRefused('ALICE');
    await expect(taken).toHaveAttribute('data-code', 'NAME_TAKEN');
    await expect(taken).toContainText('Another student already has that name');
    const colon = await bob.joinRefused('bo:b');
    await expect(colon).toHaveAttribute('data-code', 'colon');
    await bob.join('bob');
    await carol.join('carol');
    await expect(teacher.roster.getByTestId('roster-student')).toHaveCount(3);
    await expect(teacher.rosterStudent('carol')).toBeVisible();
  });

  let aliceListener = '';
  await test.step('alice publishes a listening socket; everyone sees it in the phone book', async () => {
    aliceListener = await alice.createSocket({ proto: 'tcp', label: 'echo' });
    await alice.act(aliceListener, 'listen');
    await alice.expectPhase(aliceListener, 'listening');
    await alice.publish(aliceListener, 'echo');
    for (const p of [alice, bob, carol, teacher]) {
      await p.openClassTab();
      await expect(p.directoryEntry('alice:echo')).toBeVisible();
    }
    await expect(bob.directoryEntry('alice:echo')).toHaveAttribute(
      'data-port',
      String(await alice.localPort(aliceListener)),
    );
  });

  let bobCall = '';
  await test.step('bob looks alice:echo up and calls it; bytes cross both ways, each page shows its side', async () => {
    const answer = await bob.lookup('alice:echo');
    const alicePort = String(await alice.localPort(aliceListener));
    await expect(answer).toHaveAttribute('data-port', alicePort);
    // The stage's phone book: a published name is a number and an extension, from the class's book.
    await expect(bob.bookEntry('alice:echo')).toContainText(`port ${alicePort}`);
    await expect(bob.bookEntry('alice:echo')).toContainText('the class’s phone book');
    const knownOnAlice = await alice.ids();
    bobCall = await bob.callAnswer();
    await bob.expectPhase(bobCall, 'connected');
    let accepted = '';
    await expect
      .poll(async () => {
        accepted = (await alice.newIds(knownOnAlice))[0] ?? '';
        return accepted;
      })
      .not.toBe('');
    await alice.expectPhase(accepted, 'connected');
    await bob.openToolbox();
    await bob.act(bobCall, 'send', { message: 'Bonjour alice' });
    await expect(alice.socket(accepted)).toContainText('Bonjour alice');
    await alice.openToolbox();
    await alice.act(accepted, 'send', { message: 'Allô bob' });
    await expect(bob.socket(bobCall)).toContainText('Allô bob');
    // The far end is named: a classmate, not "outside this session", on both stages.
    await expect(bob.ghost(bobCall)).toContainText('classmate alice');
    await expect(alice.ghost(accepted)).toContainText('classmate bob');
    await bob.screenshot('class-student-call');
  });

  await test.step('carol cannot reach a port nobody published, even one that listens on the machine', async () => {
    const { server, port } = await unpublishedListener();
    try {
      await carol.openToolbox();
      const s = await carol.createSocket({ proto: 'tcp' });
      await carol.act(s, 'connect', { host: '127.0.0.1', port });
      await expect(carol.commandError).toHaveAttribute('data-code', 'CLASS_NOT_PUBLISHED');
      await expect(carol.commandError).toContainText('phone book');
    } finally {
      server.close();
    }
  });

  await test.step('the projector view: a card per student, the call drawn, and alice in the spotlight', async () => {
    await teacher.openProjector();
    await expect(teacher.lanes).toHaveCount(3);
    const line = teacher.openCalls;
    await expect(line).toHaveCount(1);
    const bobId = await teacher.lane('bob').getAttribute('data-student');
    const aliceId = await teacher.lane('alice').getAttribute('data-student');
    await expect(line).toHaveAttribute('data-from', bobId ?? '');
    await expect(line).toHaveAttribute('data-to', aliceId ?? '');
    await expect(teacher.lane('alice')).toHaveAttribute('data-calls', '1');
    await expect(teacher.lane('carol')).toHaveAttribute('data-calls', '0');
    await teacher.spotlight('alice');
    // alice's own sockets, drawn read-only from the spotlight copy: the listener and the call it accepted.
    const spot = page.getByTestId('spotlight');
    await expect(spot.getByTestId('socket')).toHaveCount(2);
    await expect(teacher.spotlightSockets('listening')).toHaveCount(1);
    await expect(spot.getByTestId('sequence')).toBeVisible();
    await expect(spot).toContainText('Allô bob');
    await expect(alice.page.getByTestId('class-spotlighted')).toBeVisible();
    await expect(bob.page.getByTestId('class-spotlighted')).toHaveCount(0);
    for (const [w, h] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width: w, height: h });
        await page.emulateMedia({ colorScheme: scheme });
        await expect(teacher.lane('alice')).toBeInViewport();
        await teacher.screenshot(`class-projector-${w}x${h}-${scheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await alice.screenshot('class-student-spotlighted');
  });

  await test.step('freeze: the students see it, and a command is refused with CLASS_FROZEN in their language', async () => {
    await bob.setLanguage('FR');
    await teacher.toggleFreeze();
    await expect(bob.page.getByTestId('class-frozen')).toContainText('figé');
    await bob.act(bobCall, 'send', { message: 'encore' });
    await expect(bob.commandError).toHaveAttribute('data-code', 'CLASS_FROZEN');
    await expect(bob.commandError).toContainText('L’enseignant a figé la classe');
    await bob.screenshot('class-student-frozen-fr');
    await teacher.toggleFreeze();
    await expect(bob.page.getByTestId('class-frozen')).toHaveCount(0);
    await bob.act(bobCall, 'send', { message: 'encore' });
    await expect(bob.commandError).toHaveCount(0);
  });

  await test.step('a teacher command from a student is refused: NOT_TEACHER', async () => {
    expect(await teacherCommandFromStudent(alloServer.port)).toEqual({ code: 'NOT_TEACHER' });
    await expect(alice.page.getByTestId('class-over')).toHaveCount(0);
  });

  await test.step('the teacher exports the whole class: one file, every student with their own events', async () => {
    await page.getByRole('button', { name: /^(Stage|Scène)$/ }).click();
    await teacher.openClassTab();
    const download = page.waitForEvent('download');
    await page.getByTestId('class-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^allo-class-.*\.json$/);
    const body = JSON.parse(await readFile(await file.path(), 'utf8')) as {
      format: string;
      members: { name: string; recording: { events: { kind: string; data?: { text?: string } }[] } }[];
    };
    expect(body.format).toBe('allo-class-recording');
    const said = (name: string) =>
      body.members
        .find((m) => m.name === name)
        ?.recording.events.filter((e) => e.kind === 'sent')
        .map((e) => e.data?.text);
    expect(said('bob')).toContain('Bonjour alice');
    expect(said('alice')).toContain('Allô bob');
    await expect(page.getByTestId('class-export-error')).toHaveCount(0);
  });

  await test.step('the teacher removes carol: her page says so and offers nothing live', async () => {
    await page.getByRole('button', { name: /^(Stage|Scène)$/ }).click();
    await teacher.remove('carol');
    await expect(carol.page.getByTestId('class-over')).toHaveAttribute('data-reason', 'removed');
    await expect(carol.page.getByRole('button', { name: /socket\(\)/ })).toHaveCount(0);
    await expect(teacher.rosterStudent('carol')).toHaveCount(0);
    await expect(teacher.rosterStudent('alice')).toBeVisible();
    await carol.screenshot('class-student-removed');
  });

  await test.step('the teacher ends the class: every page says so', async () => {
    await teacher.openClassTab();
    await page.getByTestId('class-end').click();
    await page.getByTestId('class-end-confirm').click();
    for (const p of [alice, bob, teacher])
      await expect(p.page.getByTestId('class-over')).toHaveAttribute('data-reason', 'ended');
  });
  for (const p of [alice, bob, carol]) await p.page.context().close();
});
