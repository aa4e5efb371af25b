import type { Locator, Page } from '@playwright/test';

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

/**
 * A DNS-rebinding attacker's page, not Allô's: served under the attacker's
 * name (page.route stands in for the attacker's own web server), its script
 * talks to "its own" origin and writes what the server answered.
 */
export class AttackPage {
  constructor(readonly page: Page) {}

  /** Serves the attacker's page at `${origin}/attack` and opens it. */
  async open(origin: string) {
    await this.page.route(`${origin}/attack`, (route) => route.fulfill({ contentType: 'text/html', body: ATTACK }));
    await this.page.goto(`${origin}/attack`);
  }

  /** What the page's fetch('/healthz') got: the status and the body, or "failed …". */
  get healthz(): Locator {
    return this.page.locator('#healthz');
  }

  /** What the page's WebSocket got: "welcome", or "closed <code>". */
  get ws(): Locator {
    return this.page.locator('#ws');
  }
}
