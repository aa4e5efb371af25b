import { probeCapture } from '../server/capture/tcpdump';
import { test, expect } from './fixtures';
import { LogPage } from './pages/LogPage';
import { SequencePage } from './pages/SequencePage';
import { StagePage } from './pages/StagePage';

test.use({ locale: 'en-GB', serverArgs: ['--capture', 'on'] });

test('segment rows filter by flag and mark; the diagram switch works by keyboard, with no "drawn from connect()" note', async ({
  page,
}) => {
  const capability = await probeCapture();
  test.skip(!capability.available, `packet capture unavailable here: ${capability.reason} (${capability.enable})`);
  const stage = new StagePage(page);
  const log = new LogPage(page);
  const sequence = new SequencePage(page);
  await stage.open();
  await expect(log.rowsOfKind('capture')).toHaveCount(1);
  const { server, client } = await stage.call({ server: 'Alice', client: 'Bob' });
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(callee!, 'close');
  await stage.expectPhase(client, 'closed');

  // Kind "segment", then a flag or mark: exactly the segments that have it.
  await log.filterKind('segment');
  const wire = page.getByTestId('log-wire-filter');
  const summaries = () => log.summaries.allInnerTexts();
  await wire.selectOption('SYN');
  await expect.poll(async () => (await log.count()).shown).toBe(2); // SYN and SYN-ACK
  expect((await summaries()).every((s) => /\[SYN(, ACK)?\] seq 0/.test(s))).toBe(true);
  await wire.selectOption('FIN');
  await expect.poll(async () => (await log.count()).shown).toBe(2); // one goodbye each way
  expect((await summaries()).every((s) => s.includes('FIN'))).toBe(true);
  await wire.selectOption('data');
  await expect.poll(async () => (await log.count()).shown).toBe(2); // "Bonjour !" and "Allô, oui ?"
  expect((await summaries()).map((s) => /len (\d+)/.exec(s)?.[1])).toEqual([
    '9',
    String(Buffer.byteLength('Allô, oui ?')),
  ]);
  await wire.selectOption('RST');
  await expect.poll(async () => (await log.count()).shown).toBe(0);
  await stage.screenshot('wire-log-01-filter');
  // Choosing another kind lets go of the segment filter.
  await log.filterKind(null);
  await expect(wire).toHaveCount(0);
  // Every row again: shown and total read together, since the kernel's TIME_WAIT countdown keeps adding rows.
  await expect
    .poll(
      async () => {
        const { shown, total } = await log.count();
        return total - shown;
      },
      { message: 'rows hidden with no filter' },
    )
    .toBe(0);

  // The sequence diagram: the three modes by keyboard; with the capture on, no note about connect()/accept().
  await page.getByRole('button', { name: 'Sequence' }).click();
  const mode = page.getByTestId('wire-mode');
  const note = page.getByTestId('sequence-note');
  await expect(page.getByTestId('wire-arrow').first()).toBeVisible();
  await expect(note).toHaveCount(0);
  await mode.getByRole('button', { name: 'Calls' }).focus();
  await page.keyboard.press('Enter');
  await expect(mode).toHaveAttribute('data-mode', 'calls');
  await expect(page.getByTestId('wire-layer')).toHaveCount(0);
  // Calls only: the handshake is then drawn from connect()/accept(), and the note says so.
  await expect(note).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(mode.getByRole('button', { name: 'Wire' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(mode).toHaveAttribute('data-mode', 'wire');
  await expect(sequence.arrows()).toHaveCount(0);
  await expect(note).toHaveCount(0);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(mode).toHaveAttribute('data-mode', 'both');
  await expect(sequence.arrows('data')).toHaveCount(2);
  await expect(sequence.arrows('syn')).toHaveCount(0);
  await expect(note).toHaveCount(0);

  // In French, the segment filter's words.
  await stage.setLanguage('FR');
  await page.getByRole('button', { name: 'Scène' }).click();
  await page.getByRole('combobox', { name: /Filtrer par type/ }).selectOption('segment');
  await expect(page.getByRole('combobox', { name: 'Filtrer les segments par drapeau ou marque' })).toContainText(
    'avec des données',
  );
});
