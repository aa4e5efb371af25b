/**
 * DNS rebinding, end to end in Chromium: Chromium's resolver maps the
 * attacker's name evil.example to 127.0.0.1 (what a rebinding DNS server does
 * once the attacker's page is loaded), the attacker's page is served under
 * that name (page.route stands in for the attacker's own web server), and its
 * script then talks to "its own" origin — which is now this Allô server. The
 * Host rule must refuse both its fetch and its WebSocket. The same script on a
 * name the server allows (a name under .localhost) gets through: the refusal
 * is the rule's doing, not the test's.
 */
import { test, expect } from './fixtures';
import { AttackPage } from './pages/AttackPage';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      '--host-resolver-rules=MAP evil.example 127.0.0.1',
      // Chromium's own Local Network Access checks would block this page before it
      // reaches the server; other browsers have no such checks (and a person can
      // grant the permission), so they are turned off to test the server's rule.
      '--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults',
    ],
  },
});

test('a page whose name is rebound to 127.0.0.1 gets 403 on HTTP and no WebSocket', async ({ page, alloServer }) => {
  const attack = new AttackPage(page);
  await attack.open(`http://evil.example:${alloServer.port}`);
  await expect(attack.healthz).toHaveText(/^403 .*--allowed-host evil\.example/);
  await expect(attack.ws).toHaveText('closed 1006');
});

test('the same script under an allowed name reaches the server (the test can see a success)', async ({
  page,
  alloServer,
}) => {
  const attack = new AttackPage(page);
  await attack.open(`http://allo.localhost:${alloServer.port}`);
  await expect(attack.healthz).toHaveText(/^200 \{"ok":true/);
  await expect(attack.ws).toHaveText('welcome');
});
