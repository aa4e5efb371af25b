/** The HTTP side: the page (built or through Vite), security headers, health. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlloServer, type AlloServer } from './app';
import { AlloTestClient } from './testing/client';

const dir = mkdtempSync(join(tmpdir(), 'allo-client-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Allô</title><div id="root"></div>');
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("allô")');

let server: AlloServer;
beforeAll(async () => {
  server = await createAlloServer({ port: 0, host: '127.0.0.1', clientDir: dir });
});
afterAll(() => server.close());

describe('built client', () => {
  it('serves the page, its assets, and the page again for client-side routes', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Allô</title>');
    const js = await fetch(`${server.url}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toBe('console.log("allô")');
    const route = await fetch(`${server.url}/lessons/phone-call`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Allô</title>');
  });

  it('sends security headers fit for plain http', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, sessions: 0 });
  });

  it('says so when the client is not built', async () => {
    const bare = await createAlloServer({ port: 0, host: '127.0.0.1', clientDir: join(dir, 'missing') });
    try {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    } finally {
      await bare.close();
    }
  });
});

describe('--dev', () => {
  it('serves the page through Vite, and /ws still works beside its HMR socket', async () => {
    const dev = await createAlloServer({ port: 0, host: '127.0.0.1', dev: true });
    try {
      const html = await (await fetch(`${dev.url}/`)).text();
      expect(html).toContain('/@vite/client');
      const c = await AlloTestClient.connect(dev.wsUrl, { origin: dev.url });
      expect(c.welcome?.protocol).toBe(1);
      await c.close();
    } finally {
      await dev.close();
    }
  });
});
