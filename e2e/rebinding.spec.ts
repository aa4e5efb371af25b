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

/** The attacker's page: reads /healthz and opens a WebSocket on its own origin, and shows what happened. */
const ATTACK = `<!doctype html><meta charset="utf-8"><title>attack</title>
<p>healthz: <output id="healthz">…</output></p>
<p>websocket: <output id="ws">…</output></p>
<script>
  fetch('/healthz').then(
    async (r) => (document.getElementById('healthz').textContent = r.status + ' ' + (await r.text())),
    (e) => (document.getElementById('healthz').textContent = 'failed ' + e),
  );
  const ws = new WebSocket('ws://' + location.host + '/ws');
  const out = document.getElementById('ws');
  ws.onopen = () => ws.send(JSON.stringify({ id: 1, op: 'hello', protocol: 1 }));
  ws.onmessage = (m) => { if (JSON.parse(m.data).type === 'welcome') out.textContent = 'welcome'; };
  ws.onclose = (e) => { if (out.textContent !== 'welcome') out.textContent = 'closed ' + e.code; };
</script>`;

async function openAttack(page: import('@playwright/test').Page, origin: string) {
  await page.route(`${origin}/attack`, (route) => route.fulfill({ contentType: 'text/html', body: ATTACK }));
  await page.goto(`${origin}/attack`);
}

test('a page whose name is rebound to 127.0.0.1 gets 403 on HTTP and no WebSocket', async ({ page, alloServer }) => {
  await openAttack(page, `http://evil.example:${alloServer.port}`);
  await expect(page.locator('#healthz')).toHaveText(/^403 .*--allowed-host evil\.example/);
  await expect(page.locator('#ws')).toHaveText('closed 1006');
});

test('the same script under an allowed name reaches the server (the test can see a success)', async ({
  page,
  alloServer,
}) => {
  await openAttack(page, `http://allo.localhost:${alloServer.port}`);
  await expect(page.locator('#healthz')).toHaveText(/^200 \{"ok":true/);
  await expect(page.locator('#ws')).toHaveText('welcome');
});
