import { expect, type Locator, type Page } from '@playwright/test';

// The page's own definitions, not copies: a renamed phase or action breaks the specs at compile time.
export type { Phase } from '../../shared/world';
export type { SocketAction as Action } from '../../client/features/toolbox/actions';
import type { Phase } from '../../shared/world';
import type { SocketAction as Action } from '../../client/features/toolbox/actions';

/**
 * The stage and its toolbox, as a student uses them: pick up a handset, choose
 * it, choose an action, fill in what it asks, run it, and watch the telephone.
 * Reads phases through the page contract (data-testid="socket", data-phase).
 */
export class StagePage {
  constructor(readonly page: Page) {}

  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  }

  /** Every telephone on the stage. */
  get sockets(): Locator {
    return this.page.getByTestId('socket');
  }

  socket(id: string): Locator {
    return this.page.locator(`[data-testid="socket"][data-socket="${id}"]`);
  }

  /** A name in the stage's phone book (what getaddrinfo() or the class's directory answered). */
  bookEntry(host: string): Locator {
    return this.page.locator(`[data-testid="book-entry"][data-host="${host}"]`);
  }

  /** The far end drawn for a call of `id` that leaves this session (outside, a classmate, nobody…). */
  ghost(id: string): Locator {
    return this.page.locator(`[data-testid="ghost-phone"][data-socket="${id}"]`);
  }

  async expectPhase(id: string, phase: Phase) {
    await expect(this.socket(id)).toHaveAttribute('data-phase', phase);
  }

  /** socket(domain, type, 0) from the toolbox; returns the new socket's id. */
  async createSocket(opts: { proto: 'tcp' | 'udp'; family?: 4 | 6; label?: string }): Promise<string> {
    const page = this.page;
    await page.getByRole('radio', { name: opts.family === 6 ? /^AF_INET6/ : /^AF_INET(?!6)/ }).check();
    await page.getByRole('radio', { name: opts.proto === 'udp' ? /^SOCK_DGRAM/ : /^SOCK_STREAM/ }).check();
    if (opts.label) await page.locator('.tool-field input').first().fill(opts.label);
    const before = await this.ids();
    await page.getByRole('button', { name: /socket\(\)/ }).click();
    let id = '';
    await expect
      .poll(async () => {
        id = (await this.ids()).find((x) => !before.includes(x)) ?? '';
        return id;
      })
      .not.toBe('');
    await this.expectPhase(id, 'created');
    return id;
  }

  /** Ids of the telephones on the stage, in order. */
  async ids(): Promise<string[]> {
    return this.sockets.evaluateAll((els) => els.map((e) => e.getAttribute('data-socket') ?? ''));
  }

  async select(id: string) {
    await this.page.getByTestId('socket-select').selectOption(id);
  }

  /** Chooses an action for a socket and fills its fields, without running it: its C preview and run button. */
  async prepare(
    id: string,
    action: Action,
    fields: { host?: string; port?: string | number; message?: string } = {},
  ): Promise<{ preview: Locator; run: Locator }> {
    const page = this.page;
    await this.select(id);
    await page.locator(`[data-testid="action"][data-action="${action}"]`).click();
    if (fields.host !== undefined) await page.getByTestId('field-host').fill(fields.host);
    if (fields.port !== undefined) await page.getByTestId('field-port').fill(String(fields.port));
    if (fields.message !== undefined) await page.getByTestId('field-message').fill(fields.message);
    const preview = page.locator('.action-form [data-testid="c-call"]');
    await expect(preview).not.toBeEmpty();
    return { preview, run: page.locator(`[data-testid="run-action"][data-action="${action}"]`) };
  }

  /** Chooses an action for a socket, fills its fields, checks the C call is shown, and runs it. */
  async act(id: string, action: Action, fields: { host?: string; port?: string | number; message?: string } = {}) {
    const { run } = await this.prepare(id, action, fields);
    await expect(run).toBeEnabled();
    await run.click();
  }

  /** The refusal shown for the last toolbox command (code and reason in data-code / data-reason). */
  get commandError(): Locator {
    return this.page.getByTestId('command-error');
  }

  /** The run button of an action, for checking where a refusal is drawn relative to it. */
  runButton(action: Action): Locator {
    return this.page.locator(`[data-testid="run-action"][data-action="${action}"]`);
  }

  /** The header's switches: language and large text. */
  async setLanguage(lang: 'FR' | 'EN') {
    // Each button is named in its own language (aria-label), whatever the page's language.
    const button = this.page.locator(`button[lang="${lang.toLowerCase()}"]`);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  async largeText() {
    await this.page.getByRole('button', { name: /Large text|Grands caractères/ }).click();
  }

  /** The code view's "Run:" line. */
  get runLine(): Locator {
    return this.page.locator('.code-run');
  }

  /** A listener and a caller connected to it, through the toolbox; returns both ids. */
  async call(labels: { server: string; client: string }): Promise<{ server: string; client: string }> {
    const server = await this.createSocket({ proto: 'tcp', label: labels.server });
    await this.act(server, 'listen');
    await this.expectPhase(server, 'listening');
    const client = await this.createSocket({ proto: 'tcp', label: labels.client });
    await this.act(client, 'connect', { host: '127.0.0.1', port: await this.localPort(server) });
    await this.expectPhase(client, 'connected');
    return { server, client };
  }

  /**
   * The classic exchange on a call: the caller says "Bonjour !", the callee
   * answers "Allô, oui ?", the caller says bye (FIN) and the callee hears it.
   */
  async greetAndSayBye(caller: string, callee: string) {
    await this.act(caller, 'send', { message: 'Bonjour !' });
    await expect(this.socket(callee)).toContainText('Bonjour !');
    await this.act(callee, 'send', { message: 'Allô, oui ?' });
    await expect(this.socket(caller)).toContainText('Allô, oui ?');
    await this.act(caller, 'end');
    await this.expectPhase(callee, 'peer-half-closed');
  }

  /** The local number of a socket as shown on its card ("127.0.0.1:41234"). */
  async localPort(id: string): Promise<number> {
    await expect(this.socket(id)).toHaveAttribute('data-local', /:\d+$/);
    const local = (await this.socket(id).getAttribute('data-local')) ?? '';
    return Number(local.slice(local.lastIndexOf(':') + 1));
  }

  /** The sockets not in `known` (e.g. the call a listener just accepted). */
  async newIds(known: string[]): Promise<string[]> {
    return (await this.ids()).filter((x) => !known.includes(x));
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `e2e/artifacts/${name}.png` });
  }
}
