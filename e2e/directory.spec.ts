/**
 * Looking up the number and the extension (issue 9, point 8): the toolbox's
 * directory asks the server's real resolver (getaddrinfo) and services table
 * (getservbyname), the stage draws the phone book and the extension list, a
 * refusal is said beside the action in the page's language, and a connect()
 * given a name shows its lookup as its own step in the log, the caption and the code.
 */
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { LessonPage } from './pages/LessonPage';
import { LogPage } from './pages/LogPage';
import { StagePage } from './pages/StagePage';

/** Where getservbyname() will find echo/udp on this machine, read here from the same file. */
function echoSource(): RegExp {
  let listed = false;
  try {
    listed = /^echo\s+7\/udp\b/m.test(readFileSync('/etc/services', 'utf8'));
  } catch {}
  return listed ? /\/etc\/services/ : /built-in table|table intégrée/;
}

test.describe('in English', () => {
  test.use({ locale: 'en-GB' });

  test('the directory, by keyboard: every address of localhost in the phone book, echo/udp in the extensions, a refusal beside the action', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.open();
    await stage.directoryToggle.focus();
    await page.keyboard.press('Enter');
    const host = page.getByTestId('directory-lookup-name');
    await host.fill('localhost');
    await expect(page.getByTestId('directory-lookup').getByTestId('c-call')).toContainText(
      'print_addresses("localhost");',
    );
    await host.press('Enter');
    const entry = stage.bookEntry('localhost');
    // Every address the system resolver gives, of both families, in its order.
    const expected = (await lookup('localhost', { all: true, verbatim: true })).map((a) => a.address);
    await expect(stage.bookAddresses('localhost')).toHaveText(expected);
    await expect(entry).toContainText(expected.some((a) => a.includes(':')) ? 'IPv6' : 'IPv4');

    const service = page.getByTestId('directory-service-name');
    await service.fill('echo');
    await page.getByTestId('directory-service').getByRole('radio', { name: 'udp' }).check();
    await service.press('Enter');
    const ext = stage.extensionEntry('echo/udp');
    await expect(ext).toContainText('7');
    await expect(ext).toContainText(echoSource());

    await service.fill('no-such-service-here');
    await service.press('Enter');
    const error = page.getByTestId('directory-service').getByTestId('command-error');
    await expect(error).toHaveAttribute('data-reason', 'no-service');
    await expect(error).toContainText('No service by that name');
    await page.setViewportSize({ width: 1280, height: 720 });
    await stage.screenshot('directory-en');
  });
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('connect() à un nom : la recherche dans l’annuaire est une étape à part, avant la composition', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.open();
    const server = await stage.createSocket({ proto: 'tcp', label: 'serveur' });
    await stage.act(server, 'listen');
    await stage.expectPhase(server, 'listening');
    const client = await stage.createSocket({ proto: 'tcp', label: 'client' });
    const { preview } = await stage.prepare(client, 'connect', {
      host: 'localhost',
      port: await stage.localPort(server),
    });
    await expect(preview).toContainText('resolve_addr(&addr, "localhost"');
    await expect(preview).not.toContainText('inet_pton');
    await stage.runButton('connect').click();
    await stage.expectPhase(client, 'connected');

    // The log: the client's lookup, then its connecting.
    const log = new LogPage(page);
    const rows = log.rowsAbout(client);
    const kinds = async () =>
      (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).filter(
        (k) => k === 'lookup' || k === 'connecting',
      );
    await expect.poll(kinds).toEqual(['lookup', 'connecting']);
    const lookupRow = log.rowsAbout(client, 'lookup');
    await expect(lookupRow).toContainText('annuaire (lookup)');
    await expect(lookupRow).toContainText('pour connect()');
    // The phone book says whose call it was for.
    await expect(stage.phoneBookHost('localhost')).toContainText('pour le connect() de client');
    // The code view keeps the name: getaddrinfo(), never inet_pton on a name.
    await expect(new LessonPage(page).code).toContainText('resolve_addr(&addr, "localhost"');
    // Its own step on the timeline: the caption at that event.
    await lookupRow.click();
    await expect(page.getByTestId('caption')).toContainText('cherche « localhost » dans l’annuaire avant de composer');
    await expect(page.getByTestId('caption')).toContainText('getaddrinfo()');
  });

  test('connect() d’un socket UDP : le journal dit « destinataire par défaut », ni SYN ni composition', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.open();
    const box = await stage.createSocket({ proto: 'udp', label: 'boite' });
    await stage.act(box, 'bind', { port: 0 });
    await stage.expectPhase(box, 'bound');
    const u = await stage.createSocket({ proto: 'udp', label: 'poste' });
    await stage.act(u, 'connect', { host: '127.0.0.1', port: await stage.localPort(box) });
    await stage.expectPhase(u, 'connected');
    const log = new LogPage(page);
    const row = log.rowsOfKind('connecting').filter({ hasText: u });
    await expect(row).toContainText('destinataire par défaut fixé à 127.0.0.1:');
    await expect(log.summaryOf(row)).not.toContainText('SYN');
  });
});
