/**
 * What the stage says is what the kernel did (issue 9): the phase words, a real
 * TCP bind(), a socket Node closed by itself, the RST of a close() with unread
 * bytes, and a hung-up call the kernel keeps in TIME_WAIT, drawn as a ghost
 * with its countdown. Everything read from the page, real sockets behind it.
 */
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('socket() décroche le combiné ; bind() donne tout de suite le numéro du noyau', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.open();
    const s = await stage.createSocket({ proto: 'tcp', label: 'serveur' });
    await expect(stage.socket(s)).toContainText('Décroché');
    await expect(stage.socketChoice(s)).toContainText('(Décroché)');
    await stage.act(s, 'bind', { port: 0 });
    await stage.expectPhase(s, 'bound');
    // The kernel's own number, at bind(), before any listen().
    const port = await stage.localPort(s);
    expect(port).toBeGreaterThan(0);
    await stage.act(s, 'listen');
    await stage.expectPhase(s, 'listening');
    expect(await stage.localPort(s)).toBe(port);
  });

  test('close() avec des octets non lus : le noyau envoie RST, le côté qui raccroche le montre', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.open();
    const { server, client } = await stage.call({ server: 'serveur', client: 'client' });
    await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
    const [callee] = await stage.newIds([server, client]);
    await stage.act(callee!, 'pause');
    await expect(stage.socket(callee!)).toContainText('ne lit plus');
    await stage.act(client, 'send', { message: 'jamais lu' });
    // The selected card shows the kernel's queues: wait until the nine bytes sit unread in the kernel.
    await stage.select(callee!);
    await expect(stage.socket(callee!)).toContainText('à lire 9 o');
    await stage.act(callee!, 'close');
    await stage.expectPhase(callee!, 'reset');
    await expect(stage.socket(callee!)).toContainText('RST au lieu de FIN');
    // The wire had a RST: the other side was hung up on, it heard no goodbye.
    await expect(stage.socket(client)).toContainText('ECONNRESET');
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-GB' });

  test('after shutdown() and the peer’s close(), Node closed the socket; the kernel keeps the call in TIME_WAIT, counting down', async ({
    page,
  }) => {
    const stage = new StagePage(page);
    await stage.open();
    const { server, client } = await stage.call({ server: 'server', client: 'client' });
    await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
    const [callee] = await stage.newIds([server, client]);
    await stage.act(client, 'end');
    await stage.expectPhase(callee!, 'peer-half-closed');
    await stage.act(callee!, 'close');
    await stage.expectPhase(callee!, 'closed');
    await expect(stage.socket(callee!)).toContainText('Hung up');

    // Nobody clicked close() on the client: the page says who closed it.
    await stage.expectPhase(client, 'closed');
    await expect(stage.socket(client)).toContainText('Closed by Node');
    await expect(stage.socket(client)).toContainText(/in C you would still call close\(\)/i);

    // It hung up first, so its kernel keeps the call: a ghost with a countdown, and why.
    const linger = stage.socket(client).getByTestId('kernel-linger');
    await expect(linger).toHaveAttribute('data-state', 'TIME_WAIT');
    await expect(linger).toHaveText(/TIME_WAIT · \d+ s left/);
    await expect(stage.socket(client)).toHaveClass(/is-lingering/);
    await expect(stage.socket(client).getByTestId('kernel-linger-why')).toContainText('not free yet');
    const seconds = async () => Number(/(\d+) s left/.exec((await linger.textContent()) ?? '')?.[1] ?? NaN);
    const first = await seconds();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(60);
    // Each new sample of the kernel's timer has less time left.
    await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
    await expect(stage.socket(callee!)).not.toHaveClass(/is-lingering/);
  });
});
