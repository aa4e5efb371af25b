/**
 * One language at a time in a class (issue 9, point 10): the teacher's desk, the guest's join form and its
 * refusal, two students' stages on a call through the phone book, the projector view and its spotlight, the
 * frozen banner and its refusal, and the page of a student removed and of a class ended, each scanned in
 * French and in English for tell-tale words of the other language.
 */
import { expect, test } from './fixtures';
import { ClassPage } from './pages/ClassPage';
import { foreign, pageWords, speaks } from './pages/language';

// A class on this machine: loopback for the teacher, 127.0.0.2 standing for the machine's network address.
test.use({ serverArgs: ['--class', '--class-address', '127.0.0.2'] });

/** Nothing of the other language on `who`'s page; and the page was read (its own language is there). */
async function expectOneLanguage(who: ClassPage, lang: 'fr' | 'en', where: string) {
  const words = await pageWords(who.page);
  expect(foreign(words, lang), where).toEqual([]);
  expect(speaks(words, lang), `${where}: the scan read the page, in its language`).toBe(true);
}

const LANGS = [
  { locale: 'fr-FR', lang: 'fr', button: 'FR', names: ['alice', 'bob'] },
  { locale: 'en-GB', lang: 'en', button: 'EN', names: ['anna', 'ben'] },
] as const;

// One class per server (a class once ended is over): both languages in one test, two students each, the
// teacher's page switched to each language in turn.
test("a class's pages show no word of the other language, in French and in English", async ({
  page,
  browser,
  alloServer,
}) => {
  // Five pages in four browser contexts, each scanned several times: 50 s alone, 184 s in a fresh-clone run on two
  // busy cores. The budget leaves that run room to spare.
  test.setTimeout(420_000);
  const teacher = new ClassPage(page);
  await teacher.open(`/?teacher=${alloServer.teacherSecret}`);
  const students: ClassPage[] = [];
  const stayed: { who: ClassPage; lang: 'fr' | 'en' }[] = [];
  try {
    for (const { locale, lang, button, names } of LANGS) {
      await teacher.setLanguage(button);
      await page.getByRole('button', { name: /^(Stage|Scène)$/ }).click();
      await teacher.openClassTab();
      const url = (await page.getByTestId('class-student-url').textContent()) ?? '';
      expect(url).toMatch(/^http:\/\/127\.0\.0\.2:/);
      await expect(page.getByTestId('class-qr')).toBeVisible();
      await expectOneLanguage(teacher, lang, "the teacher's desk");

      const [calleeName, callerName] = names;
      const callee = await ClassPage.guest(browser, url, locale);
      const caller = await ClassPage.guest(browser, url, locale);
      students.push(callee, caller);
      await expectOneLanguage(callee, lang, 'the join form');
      await callee.join(calleeName);
      const taken = await caller.joinRefused(calleeName.toUpperCase());
      await expect(taken).toHaveAttribute('data-code', 'NAME_TAKEN');
      await expectOneLanguage(caller, lang, 'a name refused');
      await caller.join(callerName);
      await expect(teacher.rosterStudent(callerName)).toBeVisible();
      await expectOneLanguage(teacher, lang, 'the roster');

      const echo = await callee.createSocket({ proto: 'tcp', label: 'echo' });
      await callee.act(echo, 'listen');
      await callee.expectPhase(echo, 'listening');
      await callee.publish(echo, 'echo');
      const service = `${calleeName}:echo`;
      await caller.openClassTab();
      await expect(caller.directoryEntry(service)).toBeVisible();
      await caller.lookup(service);
      await expect(caller.bookEntry(service)).toBeVisible();
      const call = await caller.callAnswer();
      await caller.expectPhase(call, 'connected');
      await caller.openToolbox();
      const words = `Bonjour ${calleeName}`;
      await caller.act(call, 'send', { message: words });
      await expect(callee.page.getByText(words).first()).toBeVisible();
      await expect(caller.ghost(call)).toBeVisible();
      await expectOneLanguage(caller, lang, "the caller's stage");
      await callee.openClassTab();
      await expectOneLanguage(callee, lang, "the callee's phone book");

      await teacher.openProjector();
      await expect(teacher.lane(calleeName)).toHaveAttribute('data-calls', '1');
      await teacher.spotlight(calleeName);
      await expect(page.getByTestId('spotlight')).toContainText(words);
      await expectOneLanguage(teacher, lang, 'the projector and the spotlight');

      await teacher.toggleFreeze();
      await expect(caller.page.getByTestId('class-frozen')).toBeVisible();
      await caller.act(call, 'send', { message: 'encore' });
      await expect(caller.commandError).toHaveAttribute('data-code', 'CLASS_FROZEN');
      await expectOneLanguage(caller, lang, 'frozen, and a command refused');
      await expectOneLanguage(teacher, lang, 'the projector, frozen');
      await teacher.toggleFreeze();
      await expect(caller.page.getByTestId('class-frozen')).toHaveCount(0);

      await page.getByRole('button', { name: /^(Stage|Scène)$/ }).click();
      await teacher.remove(callerName);
      await expect(caller.page.getByTestId('class-over')).toHaveAttribute('data-reason', 'removed');
      await expectOneLanguage(caller, lang, 'a student removed');
      stayed.push({ who: callee, lang });
    }

    await teacher.openClassTab();
    await page.getByTestId('class-end').click();
    await expect(page.getByTestId('class-end-confirm')).toBeVisible();
    await expectOneLanguage(teacher, 'en', 'ending the class, asked to confirm');
    await page.getByTestId('class-end-confirm').click();
    for (const { who, lang } of stayed) {
      await expect(who.page.getByTestId('class-over')).toHaveAttribute('data-reason', 'ended');
      await expectOneLanguage(who, lang, 'the class ended');
    }
    await expect(page.getByTestId('class-over')).toHaveAttribute('data-reason', 'ended');
    await expectOneLanguage(teacher, 'en', "the teacher's page, class ended");
  } finally {
    for (const p of students) await p.page.context().close();
  }
});
