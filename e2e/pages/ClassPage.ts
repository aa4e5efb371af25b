import { type Browser, expect, type Locator, type Page } from '@playwright/test';
import { type Phase, StagePage } from './StagePage';

/**
 * One member of a class as they use the page: a student joins with a name, publishes a socket in the
 * phone book, looks a name up and calls it; the teacher reads the roster, the projector view and the
 * spotlight, and freezes, removes, ends. Reads the page contract: roster, directory-entry, class-lane.
 */
export class ClassPage extends StagePage {
  constructor(page: Page) {
    super(page);
  }

  /** A student's own browser (a new context at 1280×720, in `locale` if given) on the join form at `url`. */
  static async guest(browser: Browser, url: string, locale?: string): Promise<ClassPage> {
    const context = await browser.newContext({ ...(locale ? { locale } : {}), viewport: { width: 1280, height: 720 } });
    const student = new ClassPage(await context.newPage());
    await student.openAsGuest(url);
    return student;
  }

  /** A guest's page: the join form, before any session view. */
  async openAsGuest(url: string) {
    await this.page.goto(url);
    await expect(this.page.getByTestId('join-name')).toBeVisible();
  }

  /** Types a name and joins; resolves once the page says who this student is. */
  async join(name: string) {
    await this.page.getByTestId('join-name').fill(name);
    await this.page.getByTestId('join-submit').click();
    await expect(this.page.getByTestId('class-who')).toContainText(name);
  }

  /** Tries a name the class must refuse; returns the problem shown beside the field. */
  async joinRefused(name: string): Promise<Locator> {
    await this.page.getByTestId('join-name').fill(name);
    await this.page.getByTestId('join-submit').click();
    const problem = this.page.getByTestId('join-problem');
    await expect(problem).toBeVisible();
    return problem;
  }

  /** The side panel's Class tab (phone book, and the teacher's desk). */
  async openClassTab() {
    await this.page.getByRole('tab', { name: /^(Class|Classe)$/ }).click();
  }

  async openToolbox() {
    await this.page.getByRole('tab', { name: /^(Toolbox|Outils)$/ }).click();
  }

  directoryEntry(name: string): Locator {
    return this.page.locator(`[data-testid="directory-entry"][data-name="${name}"]`);
  }

  /** Publishes one of my sockets under a service name, from the phone book. */
  async publish(socket: string, service: string) {
    await this.openClassTab();
    await this.page.getByTestId('publish-socket').selectOption(socket);
    await this.page.getByTestId('publish-service').fill(service);
    await this.page.getByTestId('publish-run').click();
  }

  /** Looks a published name up; returns the answer (its data-port is the real port). */
  async lookup(name: string): Promise<Locator> {
    await this.openClassTab();
    await this.page.getByTestId('lookup-name').fill(name);
    await this.page.getByTestId('lookup-run').click();
    const answer = this.page.getByTestId('lookup-answer');
    await expect(answer).toContainText(name);
    return answer;
  }

  /** Calls the name just looked up (lookup, socket, connect in one gesture); returns the new socket's id. */
  async callAnswer(): Promise<string> {
    const before = await this.ids();
    await this.page.getByTestId('lookup-call').click();
    let id = '';
    await expect
      .poll(async () => {
        id = (await this.newIds(before))[0] ?? '';
        return id;
      })
      .not.toBe('');
    return id;
  }

  /** The class's refusal in the phone book panel (data-code). */
  get classError(): Locator {
    return this.page.locator('.class-panel [data-testid="command-error"]');
  }

  // ─── the teacher ───

  get roster(): Locator {
    return this.page.getByTestId('roster');
  }

  rosterStudent(name: string): Locator {
    return this.page.locator(`[data-testid="roster-student"][data-name="${name}"]`);
  }

  async remove(name: string) {
    await this.openClassTab();
    const row = this.rosterStudent(name);
    await row.getByTestId('roster-remove').click();
    await row.getByTestId('roster-remove-confirm').click();
  }

  async openProjector() {
    await this.page.getByRole('button', { name: /^(Projector|Projecteur)$/ }).click();
    await expect(this.page.getByTestId('projector')).toBeVisible();
  }

  lane(name: string): Locator {
    return this.page.locator(`[data-testid="class-lane"][data-name="${name}"]`);
  }

  get lanes(): Locator {
    return this.page.getByTestId('class-lane');
  }

  /** The projector's lines drawn between two students' cards for the calls still open (data-from, data-to). */
  get openCalls(): Locator {
    return this.page.locator('[data-testid="class-call"][data-open="true"]');
  }

  /** The spotlighted student's telephones in one phase, drawn read-only in the teacher's spotlight. */
  spotlightSockets(phase: Phase): Locator {
    return this.page.getByTestId('spotlight').locator(`[data-testid="socket"][data-phase="${phase}"]`);
  }

  async spotlight(name: string) {
    await this.lane(name).getByTestId('lane-spotlight').click();
    await expect(this.page.getByTestId('spotlight')).toBeVisible();
  }

  /** Freezes (or unfreezes) the class from the projector view's header. */
  async toggleFreeze() {
    await this.page.getByTestId('projector-freeze').click();
  }
}
