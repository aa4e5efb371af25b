import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

test('a full TCP call through the toolbox: listen, dial, talk both ways, half-close, hang up', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  await stage.screenshot('stage-00-empty');

  const server = await stage.createSocket({ proto: 'tcp', label: 'server' });
  await stage.screenshot('tcp-01-created');
  await stage.act(server, 'listen');
  await stage.expectPhase(server, 'listening');
  const port = await stage.localPort(server);
  await stage.screenshot('tcp-02-listening');

  const client = await stage.createSocket({ proto: 'tcp', label: 'client' });
  // The toolbox proposes the newest listener's number: dial it as typed.
  await stage.act(client, 'connect', { host: '127.0.0.1', port });
  await stage.expectPhase(client, 'connected');
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.expectPhase(callee!, 'connected');
  await expect(stage.socket(client)).toContainText(`127.0.0.1:${port}`);
  await expect(stage.socket(callee!)).toContainText(`127.0.0.1:${port}`);
  await stage.screenshot('tcp-03-connected');

  await stage.act(client, 'send', { message: 'Bonjour !' });
  await expect(stage.socket(callee!)).toContainText('Bonjour !');
  await stage.act(callee!, 'send', { message: 'Allô, oui ?' });
  await expect(stage.socket(client)).toContainText('Allô, oui ?');
  await expect(page.getByTestId('caption')).toContainText('recv()');
  await stage.screenshot('tcp-04-talking');

  await stage.act(client, 'end');
  await stage.expectPhase(client, 'half-closed');
  await stage.expectPhase(callee!, 'peer-half-closed');
  await stage.screenshot('tcp-05-half-closed');
  // The side that heard "bye" may still talk, and the other still listens.
  await stage.act(callee!, 'send', { message: 'Au revoir' });
  await expect(stage.socket(client)).toContainText('Au revoir');

  await stage.act(callee!, 'close');
  await stage.expectPhase(callee!, 'closed');
  await stage.expectPhase(client, 'closed');
  await stage.act(server, 'close');
  await stage.expectPhase(server, 'closed');
  await stage.screenshot('tcp-06-closed');

  // Nobody answers any more on that number.
  const late = await stage.createSocket({ proto: 'tcp', label: 'late' });
  await stage.act(late, 'connect', { host: '127.0.0.1', port });
  await stage.expectPhase(late, 'error');
  await expect(stage.socket(late)).toContainText('ECONNREFUSED');
  await stage.screenshot('tcp-07-refused');
});

test('number taken (EADDRINUSE) and slammed down (RST)', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  // A real program outside the session holds a number.
  const holder = net.createServer();
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const taken = (holder.address() as net.AddressInfo).port;
  try {
    const s = await stage.createSocket({ proto: 'tcp', label: 'busy' });
    await stage.act(s, 'listen', { port: taken });
    await stage.expectPhase(s, 'error');
    await expect(stage.socket(s)).toContainText('EADDRINUSE');
    await expect(stage.commandError).toHaveAttribute('data-code', 'EADDRINUSE');
    await stage.screenshot('tcp-08-addrinuse');

    // The socket may try another number, as in C.
    await stage.act(s, 'listen', { port: '' });
    await stage.expectPhase(s, 'listening');
    const c = await stage.createSocket({ proto: 'tcp', label: 'caller' });
    await stage.act(c, 'connect', { host: '127.0.0.1', port: await stage.localPort(s) });
    await stage.expectPhase(c, 'connected');
    await expect.poll(() => stage.newIds([s, c])).toHaveLength(1);
    const [callee] = await stage.newIds([s, c]);
    await stage.act(c, 'reset');
    await stage.expectPhase(c, 'reset');
    await stage.expectPhase(callee!, 'error');
    await expect(stage.socket(callee!)).toContainText('ECONNRESET');
    await stage.screenshot('tcp-09-reset');
  } finally {
    holder.close();
  }
});

test('UDP postcards: two mailboxes, a postcard delivered, one to a closed number', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const a = await stage.createSocket({ proto: 'udp', label: 'Alice' });
  await stage.act(a, 'bind', { host: '127.0.0.1', port: '' });
  await stage.expectPhase(a, 'bound');
  const b = await stage.createSocket({ proto: 'udp', label: 'Bob' });
  await stage.act(b, 'bind', { host: '127.0.0.1', port: '' });
  await stage.expectPhase(b, 'bound');
  const bPort = await stage.localPort(b);
  await stage.screenshot('udp-01-bound');

  await stage.act(a, 'send', { host: '127.0.0.1', port: bPort, message: 'Bons baisers' });
  await expect(stage.socket(b)).toContainText('Bons baisers');
  await expect(stage.wordsWithFate(a, 'delivered')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Bytes in hex' }).check();
  await expect(stage.socket(b)).toContainText('42 6f 6e 73');
  await page.getByRole('checkbox', { name: 'Bytes in hex' }).uncheck();
  await stage.screenshot('udp-02-delivered');

  await stage.act(b, 'close');
  await stage.expectPhase(b, 'closed');
  await stage.act(a, 'send', { host: '127.0.0.1', port: bPort, message: 'Il y a quelqu’un ?' });
  await expect(stage.wordsWithFate(a, 'nowhere')).toBeVisible();
  await expect(page.getByTestId('caption')).toContainText('sendto()');
  // Screen readers hear it too, in words.
  await expect(page.getByTestId('live-region')).toContainText('posts a postcard');
  // UDP never tells the sender: the mailbox is still fine.
  await stage.expectPhase(a, 'bound');
  await stage.screenshot('udp-03-nowhere');
});

test('a real peer outside the session calls the listener the page created', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const server = await stage.createSocket({ proto: 'tcp', label: 'server' });
  await stage.act(server, 'listen');
  await stage.expectPhase(server, 'listening');
  const port = await stage.localPort(server);

  const peer = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  peer.setEncoding('utf8');
  let heard = '';
  peer.on('data', (d: string) => (heard += d));
  await once(peer, 'connect');
  try {
    await expect.poll(() => stage.newIds([server])).toHaveLength(1);
    const [callee] = await stage.newIds([server]);
    await stage.expectPhase(callee!, 'connected');
    await expect(stage.ghostPhones).toContainText(`127.0.0.1:${peer.localPort}`);

    peer.write('hello from outside');
    await expect(stage.socket(callee!)).toContainText('hello from outside');
    await stage.act(callee!, 'send', { message: 'Welcome!' });
    await expect.poll(() => heard).toBe('Welcome!');
    await stage.screenshot('peer-01-talking');

    peer.end();
    await stage.expectPhase(callee!, 'peer-half-closed');
    await stage.act(callee!, 'close');
    await stage.expectPhase(callee!, 'closed');
    await stage.screenshot('peer-02-closed');
  } finally {
    peer.destroy();
  }
});

test('the switchboard hands each incoming call to a new handset', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const { server, client: first } = await stage.call({ server: 'standard', client: 'Alice' });
  const callers = [first];
  for (const name of ['Bob', 'Chloé']) {
    const c = await stage.createSocket({ proto: 'tcp', label: name });
    await stage.act(c, 'connect', { host: '127.0.0.1', port: await stage.localPort(server) });
    await stage.expectPhase(c, 'connected');
    callers.push(c);
  }
  await expect.poll(async () => (await stage.newIds([server, ...callers])).length).toBe(3);
  for (const id of await stage.newIds([server, ...callers])) await stage.expectPhase(id, 'connected');
  await stage.expectPhase(server, 'listening');
  await stage.screenshot('switchboard-01-three-calls');
});

test('a socket that stops reading: the words wait in the line until it reads again', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.act(callee!, 'pause');
  await expect(stage.socket(callee!)).toContainText('not reading');
  await stage.act(client, 'send', { message: 'one' });
  await stage.act(client, 'send', { message: 'two' });
  await expect(stage.unreadOnLine).toContainText('6 B waiting');
  await expect(stage.socket(callee!)).not.toContainText('one');
  await stage.screenshot('tcp-10-paused');
  await stage.act(callee!, 'resume');
  // What waited in the kernel arrives, perhaps as one chunk.
  await expect(stage.socket(callee!)).toContainText(/two/);
  await expect(stage.unreadOnLine).toHaveCount(0);
});

test('IPv6: AF_INET6 handsets call each other on ::1', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const server = await stage.createSocket({ proto: 'tcp', family: 6, label: 'v6 server' });
  await stage.act(server, 'listen');
  await stage.expectPhase(server, 'listening');
  await expect(stage.socket(server)).toHaveAttribute('data-local', /^\[::1\]:\d+$/);
  const client = await stage.createSocket({ proto: 'tcp', family: 6, label: 'v6 client' });
  // The toolbox proposes ::1 and the listener's port for an AF_INET6 socket.
  await stage.act(client, 'connect');
  await stage.expectPhase(client, 'connected');
  await expect(stage.socket(client)).toContainText('IPv6');
  await stage.screenshot('ipv6-01-call');
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });
  test('speaks French when the browser prefers it, and the switch persists', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.open();
    await expect(page.getByRole('heading', { name: 'La scène' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Décrocher/ })).toBeVisible();
    const { client: c } = await stage.call({ server: 'serveur', client: 'client' });
    await stage.act(c, 'send', { message: 'Bonjour' });
    await stage.act(c, 'end');
    await stage.expectPhase(c, 'half-closed');
    await expect(page.getByTestId('caption')).toContainText('au revoir');
    await stage.screenshot('fr-01-half-closed');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'The stage' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'The stage' })).toBeVisible();
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(stage.documentElement).toHaveAttribute('lang', 'fr');
  });
});

test('large text at 1920×1080 and the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const stage = new StagePage(page);
  await stage.open();
  const { server: s } = await stage.call({ server: 'server', client: 'client' });
  await stage.screenshot('hd-01-call');
  await page.getByRole('button', { name: /Large text/ }).click();
  await expect(stage.documentElement).toHaveClass(/large-text/);
  await stage.screenshot('hd-02-large-text');
  // Every card is reachable with Tab and selects its socket with Enter.
  await stage.socket(s).getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('socket-select')).toHaveValue(s);
});

test('a burst is summarised, animations follow the speed and stop when paused', async ({ page }) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  const box = await stage.createSocket({ proto: 'udp', label: 'mailbox' });
  await stage.act(box, 'bind', { host: '127.0.0.1', port: '' });
  const port = await stage.localPort(box);
  const peer = dgram.createSocket('udp4');
  try {
    // A real peer posts 300 postcards as fast as it can (bounded, loopback).
    for (let i = 1; i <= 300; i++) peer.send(`card ${i}`, port, '127.0.0.1');
    await expect(page.getByTestId('burst')).toContainText(/\+\d+ messages/);
    expect(await page.getByTestId('flight').count()).toBeLessThanOrEqual(8);
    await expect(stage.socket(box)).toContainText(/card \d+/);
    await stage.screenshot('burst-01-summarised');

    // Slow motion: a postcard takes its time, at the speed the timeline says. It is sent once the burst is
    // over (its summary gone): sent inside the burst, it is rightly counted, not flown (seen in a fresh-clone run).
    await expect(page.getByTestId('burst')).toHaveCount(0);
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
    peer.send('slowly', port, '127.0.0.1');
    const flight = stage.flight('slowly');
    await expect(flight).toHaveCount(1);
    expect(await flight.evaluate((el) => el.getAnimations().map((a) => a.playbackRate))).toEqual([0.25]);

    // Paused: the flight freezes, and the stage stays at the cursor while events keep coming.
    await page.getByRole('button', { name: /^Pause/ }).click();
    await expect.poll(() => flight.evaluate((el) => el.getAnimations().map((a) => a.playState))).toEqual(['paused']);
    await expect(timeline.bar).toHaveAttribute('data-cursor', /\d+/);
    peer.send('while paused', port, '127.0.0.1');
    await expect.poll(async () => (await timeline.head()) - (await timeline.cursor())).toBeGreaterThan(0);
    await expect(stage.socket(box)).not.toContainText('while paused');
    await page.getByRole('button', { name: /^Go to the end/ }).click();
    await expect(stage.socket(box)).toContainText('while paused');
  } finally {
    peer.close();
  }
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });
  test('postcards appear where they land instead of flying', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.open();
    const a = await stage.createSocket({ proto: 'udp', label: 'A' });
    await stage.act(a, 'bind', { host: '127.0.0.1', port: '' });
    const b = await stage.createSocket({ proto: 'udp', label: 'B' });
    await stage.act(b, 'bind', { host: '127.0.0.1', port: '' });
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('0.25');
    await stage.act(a, 'send', { host: '127.0.0.1', port: await stage.localPort(b), message: 'calmly' });
    const flight = stage.flight('calmly');
    await expect(flight).toHaveCount(1);
    const positions = await flight.evaluate((el) =>
      el.getAnimations().flatMap((a) => (a.effect as KeyframeEffect).getKeyframes().map((k) => k.transform)),
    );
    expect(new Set(positions).size).toBe(1);
  });
});

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });
  test('the stage reads as well on a dark screen', async ({ page }) => {
    const stage = new StagePage(page);
    await stage.open();
    const { client: c } = await stage.call({ server: 'server', client: 'client' });
    await stage.act(c, 'send', { message: 'Bonsoir' });
    await stage.screenshot('dark-01-call');
  });
});
