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

  /** The telephones on the stage in one phase (listening, connected…). */
  socketsInPhase(phase: Phase): Locator {
    return this.page.locator(`[data-testid="socket"][data-phase="${phase}"]`);
  }

  /** The telephones on the stage of one protocol: TCP handsets or UDP mailboxes. */
  socketsOfProto(proto: 'tcp' | 'udp'): Locator {
    return this.page.locator(`[data-testid="socket"][data-proto="${proto}"]`);
  }

  /** The phase line of every card on the stage ("Listening", "Connected"…), in order. */
  get cardPhases(): Locator {
    return this.page.locator('[data-testid="socket"] .card-phase');
  }

  /** A telephone's name on its card; clicking it chooses that socket. */
  cardName(id: string): Locator {
    return this.socket(id).locator('.card-name');
  }

  /** The "not reading" badge on a telephone's card. */
  pausedBadge(id: string): Locator {
    return this.socket(id).locator('.card-paused');
  }

  /** The pause icon in a card's "not reading" badge, drawn as SVG. */
  pauseIcon(id: string): Locator {
    return this.pausedBadge(id).locator('svg[data-icon="pause"]');
  }

  /** What a card says its socket last said or posted, when marked with that fate (delivered, nowhere…). */
  wordsWithFate(id: string, fate: string): Locator {
    return this.socket(id).locator(`[data-fate="${fate}"]`);
  }

  /** What waits unread in a call's line, as the line says it ("6 B waiting…"). */
  get unreadOnLine(): Locator {
    return this.page.locator('.line-unread');
  }

  /** A segment the kernel sent, as a chip on the call's line, by its flags ("SYN", "SYN,ACK", "FIN,ACK"…). */
  lineSegment(label: string): Locator {
    return this.page.getByTestId('line-wire').locator(`[data-testid="line-segment"][data-label="${label}"]`);
  }

  /** Every segment chip on the call's line, oldest first. */
  get lineSegments(): Locator {
    return this.page.getByTestId('line-wire').locator('[data-testid="line-segment"]');
  }

  /** A message or postcard flying across the stage, by what it says. */
  flight(text: string): Locator {
    return this.page.locator('[data-testid="flight"]', { hasText: text });
  }

  /** The stage's drawing area, where the cards and their lines are. */
  get canvas(): Locator {
    return this.page.locator('.stage-canvas');
  }

  /** The main view's area (stage, sequence diagram or comparison), beside the side panels. */
  get mainArea(): Locator {
    return this.page.locator('.app-main');
  }

  /** The document element: it carries the page's language (lang) and the large-text class. */
  get documentElement(): Locator {
    return this.page.locator('html');
  }

  /** A name in the stage's phone book (what getaddrinfo() or the class's directory answered). */
  bookEntry(host: string): Locator {
    return this.page.locator(`[data-testid="book-entry"][data-host="${host}"]`);
  }

  /** What the phone book lists under a name (data-host), e.g. whose connect() looked it up. */
  phoneBookHost(host: string): Locator {
    return this.page.getByTestId('phone-book').locator(`[data-host="${host}"]`);
  }

  /** The addresses the phone book lists under a name, one per line, as shown. */
  bookAddresses(host: string): Locator {
    return this.bookEntry(host).getByTestId('book-address').locator('code');
  }

  /** A service in the phone book's extension list, by name and protocol ("echo/udp"): its port and source. */
  extensionEntry(service: string): Locator {
    return this.page.getByTestId('phone-book').locator(`[data-testid="extension-entry"][data-service="${service}"]`);
  }

  /** The toolbox directory's header (its summary), which opens and closes it. */
  get directoryToggle(): Locator {
    return this.page.getByTestId('directory').locator('summary');
  }

  /** The far end drawn for a call of `id` that leaves this session (outside, a classmate, nobody…). */
  ghost(id: string): Locator {
    return this.page.locator(`[data-testid="ghost-phone"][data-socket="${id}"]`);
  }

  /** Every far end drawn on the stage for calls that leave this session, whoever they are. */
  get ghostPhones(): Locator {
    return this.page.locator('.ghost-phone');
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

  /** A socket's line in the toolbox's socket chooser: its name and, in brackets, its phase. */
  socketChoice(id: string): Locator {
    return this.page.getByTestId('socket-select').locator(`option[value="${id}"]`);
  }

  /** The toolbox's button that chooses an action (listen, connect, send…) and opens its form. */
  actionButton(action: Action): Locator {
    return this.page.locator(`[data-testid="action"][data-action="${action}"]`);
  }

  /** Every action button the toolbox offers (none when the page shows a recording). */
  get actionButtons(): Locator {
    return this.page.locator('[data-testid="action"]');
  }

  /** Chooses an action for a socket and fills its fields, without running it: its C preview and run button. */
  async prepare(
    id: string,
    action: Action,
    fields: { host?: string; port?: string | number; message?: string } = {},
  ): Promise<{ preview: Locator; run: Locator }> {
    const page = this.page;
    await this.select(id);
    await this.actionButton(action).click();
    if (fields.host !== undefined) await page.getByTestId('field-host').fill(fields.host);
    if (fields.port !== undefined) await page.getByTestId('field-port').fill(String(fields.port));
    if (fields.message !== undefined) await page.getByTestId('field-message').fill(fields.message);
    const preview = page.locator('.action-form [data-testid="c-call"]');
    await expect(preview).not.toBeEmpty();
    return { preview, run: this.runButton(action) };
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
