import { execFile } from 'node:child_process';
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { LessonPage } from './pages/LessonPage';
import { StagePage } from './pages/StagePage';

const run = promisify(execFile);
test.use({ locale: 'en-GB' });

/** Downloads the program shown in one language, into `dir`; returns its path. */
async function download(page: Page, lang: 'c' | 'python' | 'node' | 'java', dir: string): Promise<string> {
  const codeView = new LessonPage(page);
  await codeView.codeTab(lang).click();
  await expect(codeView.code).toHaveAttribute('data-lang', lang);
  const pending = page.waitForEvent('download');
  await page.getByTestId('code-download').click();
  const file = await pending;
  const to = join(dir, file.suggestedFilename());
  await copyFile((await file.path())!, to);
  return to;
}

test('free mode: each toolbox action grows the program, and the downloaded programs replay the call for real', async ({
  page,
}) => {
  const stage = new StagePage(page);
  const codeView = new LessonPage(page);
  const code = codeView.code;
  await stage.open();
  const server = await stage.createSocket({ proto: 'tcp', label: 'server' });
  // A socket the teacher named is called by that name in the program (issue 9 point 9).
  await expect(code).toContainText('int server = socket(AF_INET, SOCK_STREAM, 0);');
  await stage.act(server, 'listen');
  await stage.expectPhase(server, 'listening');
  await expect(code).toContainText('listen(server, ');
  const port = await stage.localPort(server);

  const client = await stage.createSocket({ proto: 'tcp', label: 'client' });
  await stage.act(client, 'connect', { host: '127.0.0.1', port });
  await stage.expectPhase(client, 'connected');
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await expect(code).toContainText(`int ${callee} = accept(server, NULL, NULL);`);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(callee!, 'close');
  await stage.act(server, 'close');
  await stage.expectPhase(server, 'closed');
  await expect(code).toContainText(`n = recv(${callee}, buf, 9, MSG_WAITALL);`);
  await expect(code).toContainText('shutdown(client, SHUT_WR)');
  await page.screenshot({ path: 'e2e/artifacts/code-free-mode-toolbox.png' });

  const dir = await mkdtemp(join(tmpdir(), 'allo-e2e-code-'));
  const c = await download(page, 'c', dir);
  await run('gcc', ['-Wall', '-Werror', '-o', join(dir, 'allo'), c], { timeout: 60_000 });
  const cOut = (await run(join(dir, 'allo'), [], { timeout: 20_000 })).stdout;
  expect(cOut).toContain(`${callee} recv: 9 bytes: Bonjour !`);
  expect(cOut).toContain('client recv: 12 bytes: Allô, oui ?');
  expect(cOut).toContain(`${callee} recv: 0 (0: the other side said goodbye)`);

  const py = await download(page, 'python', dir);
  const pyOut = (await run('python3', [py], { timeout: 20_000 })).stdout;
  expect(pyOut).toContain(`${callee} recv: 9 bytes: b'Bonjour !'`);
  expect(pyOut).toContain("client recv: 12 bytes: b'All\\xc3\\xb4, oui ?'");

  const js = await download(page, 'node', dir);
  const jsOut = (await run(process.execPath, [js], { timeout: 20_000 })).stdout;
  expect(jsOut).toContain('client recv: 12 bytes: Allô, oui ?');

  // Stepping the timeline back shows the program as it was then.
  await codeView.codeTab('c').click();
  await page.keyboard.press('Home');
  await expect(code).not.toContainText('accept(');
});

test('the toolbox shows the very line the code view then adds; the UDP button says sendto() like its preview; Run says -Werror', async ({
  page,
}) => {
  const stage = new StagePage(page);
  const codeView = new LessonPage(page);
  const code = codeView.code;
  await stage.open();
  await expect(stage.runLine).toContainText('gcc -Wall -Werror -o allo allo.c && ./allo');
  const box = await stage.createSocket({ proto: 'udp', label: 'boîte' });
  await stage.act(box, 'bind', { host: '127.0.0.1', port: '' });
  await stage.expectPhase(box, 'bound');
  const port = await stage.localPort(box);
  const post = await stage.createSocket({ proto: 'udp' });

  const unconnected = await stage.prepare(post, 'send', { host: '127.0.0.1', port, message: 'carte' });
  await expect(unconnected.run).toContainText('sendto()');
  const sendto = (await unconnected.preview.innerText()).split('\n');
  expect(sendto.at(-1)).toMatch(new RegExp(`^if \\(sendto\\(${post}, "carte", 5, 0, `));
  // The destination is the mailbox's port, named as the program names it.
  expect(sendto[0]).toBe('len = make_addr(&addr, "127.0.0.1", boite_port);');
  await unconnected.run.click();
  for (const line of sendto) await expect(code).toContainText(line);

  await stage.act(post, 'connect', { host: '127.0.0.1', port });
  await stage.expectPhase(post, 'connected');
  const connected = await stage.prepare(post, 'send', { message: 'deux' });
  await expect(connected.run).toContainText('send()');
  await expect(connected.run).not.toContainText('sendto()');
  await expect(connected.preview).toHaveText(`if (send(${post}, "deux", 4, 0) < 0) perror("send");`);
});
