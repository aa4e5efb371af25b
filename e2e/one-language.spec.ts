/**
 * One language at a time (issue 9, point 10): a free-mode session (a call,
 * words both ways, a refusal, the directory, the log and the code view) is
 * driven in French and in English, and the page's visible text, aria-labels and
 * titles are scanned for tell-tale words of the other language.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ComparePage } from './pages/ComparePage';
import { foreign, pageWords } from './pages/language';
import { LessonPage } from './pages/LessonPage';
import { SequencePage } from './pages/SequencePage';
import { StagePage } from './pages/StagePage';

/** The texts a built-in lesson's send() actions put on the wire in `lang`. */
function lessonPayloads(id: string, lang: 'fr' | 'en'): string[] {
  const file = readFileSync(new URL(`../shared/lessons/builtin/${id}.json`, import.meta.url), 'utf8');
  const out: string[] = [];
  JSON.parse(file, (key, value) => {
    if (key === 'text' && value && typeof value === 'object' && typeof value[lang] === 'string') out.push(value[lang]);
    return value;
  });
  return out;
}

async function session(page: Page) {
  const stage = new StagePage(page);
  await stage.open();
  await stage.directoryToggle.click();
  await page.getByTestId('directory-lookup-name').press('Enter');
  await expect(page.getByTestId('phone-book')).toBeVisible();
  const { server, client } = await stage.call({ server: 'srv', client: 'cli' });
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  // A refusal: a second socket binding the listener's number.
  const other = await stage.createSocket({ proto: 'tcp', label: 'b' });
  await stage.act(other, 'bind', { port: await stage.localPort(server) });
  await expect(stage.commandError.or(stage.socket(other).getByText('EADDRINUSE')).first()).toBeVisible();
  await expect(page.getByTestId('code')).toContainText('bind(');
}

for (const [locale, lang] of [
  ['fr-FR', 'fr'],
  ['en-GB', 'en'],
] as const) {
  test.describe(`page in ${lang}`, () => {
    test.use({ locale });
    test(`a free-mode session shows no word of the other language (${lang})`, async ({ page }) => {
      await session(page);
      expect(foreign(await pageWords(page), lang)).toEqual([]);
      // The words of the page's own language are there (the scan did read the page).
      expect((await pageWords(page)).join(' ')).toMatch(lang === 'fr' ? /connecté/ : /connected/);
      // Numbers too: times and speeds with the language's decimal sign (0,25× and 1,234 s in French), on the
      // stage, the log and the timeline, then in the sequence diagram's rows and an arrow's details.
      const otherDecimal = lang === 'fr' ? /\d\.\d+\s?(s|×)(?!\p{L})/u : /\d,\d+\s?(s|×)(?!\p{L})/u;
      const ownTime = lang === 'fr' ? /\d,\d{3}\s?s/ : /\d\.\d{3}\s?s/;
      expect((await pageWords(page)).filter((w) => otherDecimal.test(w))).toEqual([]);
      expect((await pageWords(page)).join(' ')).toMatch(ownTime);
      await page.keyboard.press('2');
      await expect(page.getByTestId('sequence-svg')).toBeVisible();
      await new SequencePage(page).arrows('data').first().click();
      await expect(page.getByTestId('arrow-details')).toBeVisible();
      expect((await pageWords(page)).filter((w) => otherDecimal.test(w))).toEqual([]);
      expect((await page.getByTestId('arrow-details').innerText()).replace(/\s+/g, ' ')).toMatch(ownTime);
    });

    test(`a lesson and the TCP vs UDP view show no word of the other language (${lang})`, async ({ page }) => {
      test.setTimeout(120_000);
      // A whole lesson, every step run and checked: its narration, analogy, checks, the stage and the log.
      const lessons = new LessonPage(page);
      await lessons.open();
      await lessons.start('raccrocher');
      await lessons.runToEnd();
      expect(foreign(await pageWords(page), lang), 'lesson').toEqual([]);
      // Switched to the other language mid-lesson: nothing of this one is left behind (the live region's last
      // sentence was). The sockets keep the names they were picked up with, like variables.
      // What the lesson sent stays what it sent: those bytes are the session's, not the page's words.
      const other = lang === 'fr' ? 'en' : 'fr';
      const sent = lessonPayloads('raccrocher', lang);
      const live = page.getByTestId('live-region');
      const said = (await live.allTextContents()).map((t) => t.trim()).filter(Boolean);
      expect(said.length, 'the live region said something during the lesson').toBeGreaterThan(0);
      await new StagePage(page).setLanguage(other === 'fr' ? 'FR' : 'EN');
      // No sentence of the old language waits in a live region for a screen reader.
      await expect
        .poll(async () => (await live.allTextContents()).map((t) => t.trim()).filter((t) => said.includes(t)))
        .toEqual([]);
      // The page re-renders in the new language a moment after the button says so: read until it has.
      await expect
        .poll(
          async () =>
            foreign(
              (await pageWords(page)).filter((w) => !sent.some((p) => w.includes(p))),
              other,
            ),
          {
            message: 'lesson, switched',
          },
        )
        .toEqual([]);
      await new StagePage(page).setLanguage(lang === 'fr' ? 'FR' : 'EN');
      // The compare view after a run: its lanes, scoreboard, histogram and the link's note.
      const compare = new ComparePage(page);
      await page.getByRole('button', { name: /TCP (vs|ou) UDP/ }).click();
      await expect(compare.view).toBeVisible();
      await compare.runToEnd('wired', { count: '10' });
      expect(foreign(await pageWords(page), lang), 'compare').toEqual([]);
      expect((await pageWords(page)).join(' ')).toMatch(lang === 'fr' ? /perdu/ : /lost/);
    });
  });
}
