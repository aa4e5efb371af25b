import { probeCapture } from '../server/capture/tcpdump';
import { test, expect } from './fixtures';
import { LogPage } from './pages/LogPage';
import { StagePage } from './pages/StagePage';

test.use({ locale: 'en-GB', serverArgs: ['--capture', 'on'] });

test('the stage shows the kernel TCP state beside the analogy, and the real handshake and goodbye on the line', async ({
  page,
}) => {
  const capability = await probeCapture();
  test.skip(!capability.available, `packet capture unavailable here: ${capability.reason} (${capability.enable})`);
  const stage = new StagePage(page);
  await stage.open();
  // The capture listens before the first socket: the handshake will be seen.
  await expect(new LogPage(page).rowsOfKind('capture')).toHaveCount(1);
  const state = (id: string) => stage.socket(id).getByTestId('tcp-state');
  const line = page.getByTestId('line-wire');

  const { server, client } = await stage.call({ server: 'Alice', client: 'Bob' });
  const [callee] = await stage.newIds([server, client]);
  // The kernel's words, from its own table (`kernel` events), beside the phone's.
  await expect(state(server)).toHaveAttribute('data-state', 'LISTEN');
  await expect(state(client)).toHaveAttribute('data-state', 'ESTABLISHED');
  await expect(state(callee!)).toHaveAttribute('data-state', 'ESTABLISHED');
  await expect(state(client)).toHaveAttribute('title', /the handshake is done/);
  // With the kernel's tcp_info (ss -ti): its RTT and the rest, beside the state.
  await expect(state(client)).toHaveAttribute(
    'title',
    /RTT [\d.]+ ms · cwnd \d+ segments · not sent yet 0 B · in flight 0 B/,
  );
  // The handshake's three real segments on the call's line, each from its sender.
  await expect(stage.lineSegment('SYN')).toHaveAttribute('data-from', client);
  await expect(stage.lineSegment('SYN,ACK')).toHaveAttribute('data-from', callee!);
  await expect(stage.lineSegment('ACK')).toHaveAttribute('data-from', client);

  // Words: the segments between are one summary, not a swarm.
  await stage.act(client, 'send', { message: 'Bonjour !' });
  await expect(stage.socket(callee!)).toContainText('Bonjour !');
  await stage.act(callee!, 'send', { message: 'Allô, oui ?' });
  await expect(stage.socket(client)).toContainText('Allô, oui ?');
  const burst = line.getByTestId('line-burst');
  await expect(burst).toHaveCount(1);
  await expect(burst).toHaveAttribute('data-bytes', String(9 + Buffer.byteLength('Allô, oui ?')));
  await expect(burst).toContainText(/^\d+ segments, 21 bytes$/);

  // Bob says bye: his kernel waits for Alice's FIN, hers for the program to hang up.
  await stage.act(client, 'end');
  await stage.expectPhase(callee!, 'peer-half-closed');
  await expect(state(client)).toHaveAttribute('data-state', 'FIN_WAIT2');
  await expect(state(callee!)).toHaveAttribute('data-state', 'CLOSE_WAIT');
  await expect(stage.lineSegment('FIN,ACK')).toHaveAttribute('data-from', client);
  await stage.screenshot('tcp-state-01-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await stage.screenshot('tcp-state-02-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await stage.largeText();
  await stage.screenshot('tcp-state-03-large');
  await stage.largeText();

  // Alice hangs up: the goodbye's last ACK, and Bob's side in TIME_WAIT.
  await stage.act(callee!, 'close');
  await expect(state(client)).toHaveAttribute('data-state', 'TIME_WAIT');
  await expect(stage.lineSegments.last()).toHaveAttribute('data-label', 'ACK');
  await expect(stage.lineSegments.last()).toHaveAttribute('data-from', client);

  // In French, the same kernel words with their explanation.
  await stage.setLanguage('FR');
  await expect(state(client)).toHaveAttribute('title', /^TIME_WAIT\u00a0: l’appel est fini/);
});
