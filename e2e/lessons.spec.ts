import net from 'node:net';
import { BUILTIN_LESSONS } from '../shared/lessons/builtin';
import { WIRE_KINDS } from '../shared/lessons/schema';
import { expect, test } from './fixtures';
import { LessonPage } from './pages/LessonPage';
import { LogPage } from './pages/LogPage';
import { StagePage } from './pages/StagePage';

test.describe('lessons on real sockets', () => {
  for (const lesson of BUILTIN_LESSONS) {
    test(`${lesson.id}: every step runs and every check passes`, async ({ page }) => {
      const lessons = new LessonPage(page);
      await lessons.open();
      await lessons.start(lesson.id);
      await expect(lessons.step).toHaveAttribute('data-steps', String(lesson.steps.length));
      // This server captures no packet (the fixture's --capture off): a check on the wire is not checked, and says so.
      const wireCheck = (check: unknown) =>
        [...WIRE_KINDS].some((k) => JSON.stringify(check ?? {}).includes(`"kind":"${k}"`));
      const onWire = lesson.steps.filter((s) => wireCheck(s.check)).length;
      let notChecked = 0;
      await lessons.runToEnd(async (i) => {
        // The code view follows the lesson: the step's own lines are highlighted.
        await expect(lessons.highlighted.first()).toBeVisible();
        const skipped = lessons.skippedChecks('capture-off');
        for (const check of await skipped.all()) {
          await expect(check).toContainText('not checked: this server captures no packets');
          await expect(check).not.toContainText('✓');
        }
        if ((await skipped.count()) > 0) {
          notChecked++;
          await expect(page.getByTestId('lesson-status')).toHaveText('Checked, except on the wire (no capture)');
        }
        if (i === 1) await page.screenshot({ path: `e2e/artifacts/lesson-${lesson.id}-step${i}.png` });
      });
      expect(notChecked).toBe(onWire);
      await page.screenshot({ path: `e2e/artifacts/lesson-${lesson.id}-done.png` });
    });
  }

  test('the phone call: the stage shows what each step did, previous looks back, restart hangs up', async ({
    page,
  }) => {
    const lessons = new LessonPage(page);
    const stage = new StagePage(page);
    await lessons.open();
    await lessons.start('appel');
    await lessons.runStep(0);
    await lessons.advance(0);
    await lessons.runStep(1);
    await expect(stage.socketsInPhase('listening')).toHaveCount(1);
    await lessons.advance(1);
    await lessons.runStep(2);
    await lessons.advance(2);
    await lessons.runStep(3);
    await expect(stage.socketsInPhase('connected')).toHaveCount(2);
    // Back one step: shown as done, not run again.
    await page.getByTestId('lesson-previous').click();
    await lessons.expectStep(2, 'done');
    await lessons.next.click();
    await lessons.expectStep(3, 'done');
    // Code tabs: the same step in Python.
    await lessons.codeTab('python').click();
    await expect(lessons.code).toHaveAttribute('data-lang', 'python');
    await expect(lessons.highlighted.first()).toContainText('connect');
    await page.screenshot({ path: 'e2e/artifacts/lesson-appel-python.png' });
    // Restart closes the lesson's sockets: nothing is left in a call.
    await page.getByTestId('lesson-restart').click();
    await lessons.expectStep(0, 'ready');
    await expect(stage.socketsInPhase('connected')).toHaveCount(0);
    await expect(stage.socketsInPhase('listening')).toHaveCount(0);
  });

  test('a teacher loads a lesson file: errors are shown clearly, a valid file runs, a taken port fails in plain words', async ({
    page,
  }) => {
    const lessons = new LessonPage(page);
    await lessons.open();
    await lessons.loadFile('broken.json', JSON.stringify({ format: 1, id: 'Bad Id', title: { fr: 'x' }, steps: [] }));
    const errors = page.getByTestId('lesson-load-errors');
    await expect(errors).toBeVisible();
    // One problem, named once, in plain words: where (a field, not a JSON path) and what to do.
    await expect(errors).toHaveCount(1);
    await expect(errors).toContainText('broken.json');
    // The field's name in the page's quotation marks (English “id”, French « id »).
    await expect(errors).toContainText(/« id »|"id"|“id”/);
    await expect(errors).not.toContainText('title.en');
    await expect(errors).not.toContainText(/Invalid|expected/);
    await page.screenshot({ path: 'e2e/artifacts/lesson-load-errors.png' });

    // A real listener outside Allô holds a port; the teacher's lesson asks for the same one.
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    const text = (fr: string, en: string) => ({ fr, en });
    const lesson = {
      format: 1,
      id: 'prof-occupe',
      title: text('Le port du prof', "The teacher's port"),
      summary: text('Un port déjà pris.', 'A port already taken.'),
      steps: [
        {
          title: text('Prendre le port', 'Take the port'),
          narration: text('listen() sur un port fixe.', 'listen() on a fixed port.'),
          analogy: text('Demander un numéro précis.', 'Ask for a given number.'),
          actions: [
            { op: 'socket', proto: 'tcp', family: 4, as: 'srv' },
            { op: 'listen', socket: { $ref: 'srv.socket' }, address: '127.0.0.1', port, as: 'srv' },
          ],
          waitFor: [{ kind: 'listening', socket: { $ref: 'srv.socket' } }],
          check: {
            observe: text('Il écoute.', 'It listens.'),
            assert: [{ phase: 'listening', socket: { $ref: 'srv.socket' } }],
          },
        },
        {
          title: text('Fermer', 'Close'),
          narration: text('close()', 'close()'),
          analogy: text('Raccrocher.', 'Hang up.'),
          actions: [{ op: 'close', socket: { $ref: 'srv.socket' } }],
          waitFor: [{ kind: 'closed', socket: { $ref: 'srv.socket' } }],
          check: { observe: text('Fermé.', 'Closed.'), assert: [{ phase: 'closed', socket: { $ref: 'srv.socket' } }] },
        },
      ],
    };
    await lessons.loadFile('prof.json', JSON.stringify(lesson));
    await expect(errors).toHaveCount(0);
    await lessons.start('prof-occupe');
    await lessons.next.click();
    await expect(lessons.step).toHaveAttribute('data-status', 'failed');
    await expect(lessons.failure).toHaveAttribute('data-reason', 'port-taken');
    await expect(lessons.failure).toContainText('EADDRINUSE');
    await expect(page.getByTestId('lesson-retry')).toBeVisible();
    await expect(page.getByTestId('lesson-skip')).toBeVisible();
    await page.screenshot({ path: 'e2e/artifacts/lesson-failed-port-taken.png' });
    // The port is freed for real; retrying now works.
    await new Promise<void>((r) => holder.close(() => r()));
    await page.getByTestId('lesson-retry').click();
    await lessons.expectStep(0, 'done');
    await lessons.advance(0);
    await lessons.runStep(1);
  });

  test('free mode: the code view grows a program from the session and switches language', async ({ page }) => {
    const lessons = new LessonPage(page);
    await lessons.open();
    await lessons.start('standard');
    await lessons.runStep(0);
    await page.getByRole('button', { name: /All lessons|Toutes les leçons/ }).click();
    // Out of the lesson, the code is the session's own program.
    await expect(lessons.code).toHaveAttribute('data-lang', 'c');
    await expect(lessons.code).toContainText('socket(AF_INET, SOCK_STREAM, 0)');
    await expect(lessons.code).toContainText('listen(');
    await expect(lessons.code).toContainText('close(');
    await lessons.codeTab('node').click();
    await expect(lessons.code).toHaveAttribute('data-lang', 'node');
    await expect(lessons.code).toContainText('await listen(');
    const download = page.waitForEvent('download');
    await page.getByTestId('code-download').click();
    expect((await download).suggestedFilename()).toBe('allo.mjs');
    await page.screenshot({ path: 'e2e/artifacts/code-free-mode.png' });
  });
});

test.describe('en français', () => {
  test.use({ locale: 'fr-FR' });

  test('la leçon parle français, et trois send() lus en retard arrivent en un seul recv()', async ({ page }) => {
    const lessons = new LessonPage(page);
    await lessons.open();
    await expect(lessons.entry('messages')).toContainText('Où sont les messages ?');
    await lessons.start('messages');
    for (let i = 0; i < 4; i++) {
      await lessons.runStep(i);
      if (i < 3) await lessons.advance(i);
    }
    await expect(lessons.step).toContainText('Un seul recv()');
    // The check in French: the kind in words with the protocol name beside it, French quotes and units.
    await expect(page.getByTestId('lesson-check')).toContainText([
      /reçu \(received\) · \S+ «\s?un deux trois\s?» × 1, 13 octets/,
    ]);
    await expect(page.getByTestId('lesson-check')).not.toContainText(['received(reader)']);
    // The log is virtualised: count through its kind filter, not the rows that happen to be in the DOM
    // (newer kernel events may push the received row out of the rendered window).
    await page.getByRole('combobox', { name: 'Filtrer par type' }).selectOption('received');
    await expect(page.getByTestId('event-log-count')).toHaveAttribute('data-shown', '1');
    await expect(new LogPage(page).rowsOfKind('received')).toHaveCount(1);
    await page.getByRole('combobox', { name: 'Filtrer par type' }).selectOption('');
    await page.screenshot({ path: 'e2e/artifacts/lecon-messages-fr.png' });
  });
});

test.describe('from the back of the classroom', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('large text at 1920×1080: the step and its controls stay on screen', async ({ page }) => {
    const lessons = new LessonPage(page);
    await lessons.open();
    await new StagePage(page).largeText();
    await lessons.start('raccrocher');
    await lessons.runStep(0);
    await lessons.advance(0);
    await lessons.runStep(1);
    await expect(lessons.next).toBeInViewport();
    await expect(page.getByTestId('lesson-restart')).toBeInViewport();
    await expect(lessons.highlighted.first()).toBeInViewport();
    await page.screenshot({ path: 'e2e/artifacts/lesson-large-text-1080p.png' });
  });
});
