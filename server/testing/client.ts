/**
 * A small Allô client for tests, benchmarks and scripts: connects, says hello,
 * sends commands, awaits their replies, and waits for events matching a
 * predicate (with a timeout). Every frame received is kept, in order.
 */
import WebSocket from 'ws';
import * as z from 'zod/mini';
import {
  Results,
  ServerFrame,
  type CommandInput,
  type ErrorBody,
  type Event,
  type EventKind,
  type EventOf,
  type EventsFrame,
  type Reply,
  type ReplyFrame,
  type ResultOf,
  type SpotlightFrame,
  type WelcomeFrame,
} from '../../shared/protocol';

export interface ConnectOptions {
  /** Sent as the Origin header; none by default (a script, not a page). */
  origin?: string;
  /** Say hello on connect (default true); `{ token, lastSeq }` resumes a session. */
  hello?: boolean | { token?: string; lastSeq?: number; teacher?: string };
  /** Default timeout of waits, in ms (default 5000). */
  timeoutMs?: number;
  /** Options passed to ws (e.g. autoPong: false, maxPayload). */
  ws?: WebSocket.ClientOptions;
}

type Waiter = { test: () => boolean; resolve: () => void };

export class AlloTestClient {
  /** Every frame received, in order. */
  readonly frames: ServerFrame[] = [];
  /** Every event received, in order. */
  readonly events: Event[] = [];
  /** Highest `shed` count seen in an events frame. */
  shed = 0;
  welcome: WelcomeFrame | undefined;
  /** Resolves with the close code and reason when the WebSocket closes. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private readonly replies = new Map<string | number, (r: ReplyFrame) => void>();
  private readonly nullReplies: ReplyFrame[] = [];
  /** Class mode (teacher): the spotlight frames received, in order. */
  readonly spotlights: SpotlightFrame[] = [];
  private waiters: Waiter[] = [];
  private readonly timeoutMs: number;

  private constructor(
    readonly ws: WebSocket,
    timeoutMs: number,
  ) {
    this.timeoutMs = timeoutMs;
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => {});
    ws.on('message', (raw) => this.onFrame(raw.toString()));
  }

  /** Opens the WebSocket at `url` (ws://host:port/ws) and, unless told not to, says hello. */
  static async connect(url: string, opts: ConnectOptions = {}): Promise<AlloTestClient> {
    const ws = new WebSocket(url, { ...(opts.origin ? { origin: opts.origin } : {}), ...opts.ws });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const client = new AlloTestClient(ws, opts.timeoutMs ?? 5000);
    if (opts.hello !== false) await client.hello(typeof opts.hello === 'object' ? opts.hello : {});
    return client;
  }

  private onFrame(raw: string): void {
    const frame = ServerFrame.parse(JSON.parse(raw));
    this.frames.push(frame);
    if (frame.type === 'welcome') this.welcome = frame;
    else if (frame.type === 'events') this.onEvents(frame);
    else if (frame.type === 'spotlight') this.spotlights.push(frame);
    else if (frame.id === null) this.nullReplies.push(frame);
    else {
      const resolve = this.replies.get(frame.id);
      this.replies.delete(frame.id);
      resolve?.(frame);
    }
    this.poke();
  }

  private onEvents(frame: EventsFrame): void {
    this.events.push(...frame.events);
    if (frame.shed !== undefined) this.shed = Math.max(this.shed, frame.shed);
  }

  private poke(): void {
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  /** Resolves when `test()` holds (checked now and after every frame), or rejects after the timeout. */
  until(test: () => boolean, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}; last events: ${JSON.stringify(this.events.slice(-8))}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  async hello(opts: { token?: string; lastSeq?: number; teacher?: string } = {}): Promise<WelcomeFrame> {
    this.welcome = undefined;
    const reply = await this.send({ op: 'hello', protocol: 1, ...opts });
    if (!reply.ok) throw new Error(`hello refused: ${reply.error.code} ${reply.error.message}`);
    await this.until(() => this.welcome !== undefined, 'welcome');
    return this.welcome!;
  }

  /** Sends a command and resolves with its reply, whatever it says. */
  send(input: CommandInput): Promise<ReplyFrame> {
    const id = this.nextId++;
    const reply = new Promise<ReplyFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(id);
        reject(new Error(`no reply to ${input.op} #${id} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.replies.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    this.ws.send(JSON.stringify({ id, ...input }));
    return reply;
  }

  /** Sends a command and resolves with the protocol's Reply, its result checked against the op's schema. */
  async request<I extends CommandInput>(input: I): Promise<Reply<I['op']>> {
    const r = await this.send(input);
    return r.ok
      ? { ok: true, result: z.parse(Results[input.op], r.result) as ResultOf<I['op']> }
      : { ok: false, error: r.error };
  }

  /** Sends a command and returns its result; throws if it failed. */
  async ok<I extends CommandInput>(input: I): Promise<ResultOf<I['op']>> {
    const r = await this.send(input);
    if (!r.ok) throw new Error(`${input.op} failed: ${r.error.code} ${r.error.message}`);
    return r.result as ResultOf<I['op']>;
  }

  /** Sends a command that must fail and returns its error; throws if it succeeded. */
  async fail(input: CommandInput): Promise<ErrorBody> {
    const r = await this.send(input);
    if (r.ok) throw new Error(`${input.op} unexpectedly succeeded: ${JSON.stringify(r.result)}`);
    return r.error;
  }

  /** Sends raw text (or bytes) as they are: for malformed frames. */
  sendRaw(data: string | Buffer, opts: { binary?: boolean; fin?: boolean } = {}): void {
    this.ws.send(data, opts);
  }

  /** The next reply with `id: null` (to a frame whose id could not be read). */
  async nullReply(): Promise<ReplyFrame> {
    await this.until(() => this.nullReplies.length > 0, 'a reply with id null');
    return this.nullReplies.shift()!;
  }

  /** The first event (already received or still to come) of this kind matching `pred`. */
  async waitFor<K extends EventKind>(
    kind: K,
    pred: (e: EventOf<K>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<EventOf<K>> {
    const find = () => this.events.find((e): e is EventOf<K> => e.kind === kind && pred(e as EventOf<K>));
    await this.until(() => find() !== undefined, `a "${kind}" event`, timeoutMs);
    return find()!;
  }

  /**
   * Kinds of the events of one socket so far, for asserting an exact sequence.
   * `kernel` events are left out: they are samples of the kernel's table, taken
   * on a timer, so where they fall in the sequence depends on timing.
   */
  kindsOf(socket: string): string[] {
    return this.events.filter((e) => 'socket' in e && e.socket === socket && e.kind !== 'kernel').map((e) => e.kind);
  }

  /** Socket events of one kind, so far. */
  eventsOf<K extends EventKind>(kind: K, socket?: string): EventOf<K>[] {
    return this.events.filter(
      (e): e is EventOf<K> => e.kind === kind && (socket === undefined || ('socket' in e && e.socket === socket)),
    );
  }

  get lastSeq(): number {
    return this.events[this.events.length - 1]?.seq ?? 0;
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }

  /** Drops the TCP connection without a closing handshake (a crash, a cut cable). */
  terminate(): Promise<{ code: number; reason: string }> {
    this.ws.terminate();
    return this.closed;
  }
}
