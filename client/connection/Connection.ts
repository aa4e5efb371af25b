import { CloseCodes } from '../../shared/closeCodes';
import type { CommandInput, Event, Op, Reply, ReplyError, SpotlightFrame, WelcomeFrame } from '../../shared/protocol';
import { DISCONNECTED, PROTOCOL_VERSION } from '../../shared/protocolValues';
import { createTabClaim, type TabClaim } from './tabClaim';

/** `evicted`: another page resumed this session; this one waits for the person to take it back. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'evicted' | 'ended';

export interface ConnectionHandlers {
  onStatus(status: ConnectionStatus): void;
  onWelcome(welcome: WelcomeFrame): void;
  onEvents(events: Event[], shed: number | undefined): void;
  /** The seq of the last event the page holds, for `hello {lastSeq}` on resume. */
  lastSeq(): number;
  /** The saved token was another open tab's (a duplicated tab): this one starts its own session. */
  onOwnSession?(): void;
  /** Class mode: the teacher's secret, sent in `hello` (from the teacher link's `?teacher=`). */
  teacherSecret?(): string | undefined;
  /** Class mode, teacher: a read-only copy of the spotlighted student's events. */
  onSpotlight?(frame: SpotlightFrame): void;
  /** Class mode: the server closed for good (removed from the class, or the class ended). */
  onClassClosed?(why: 'removed' | 'ended'): void;
}

const TOKEN_KEY = 'allo.session.token';
/** The id of `hello` (the page's own commands count from 1). */
const HELLO_ID = 0;
const MAX_BACKOFF_MS = 5000;

type FrameParser = (json: unknown) => ReturnType<typeof import('../../shared/protocol')['ServerFrame']['safeParse']>;
/**
 * The protocol's zod schemas are a chunk of their own, fetched beside the first
 * WebSocket rather than before the first paint; frames that come first wait for
 * them, in order.
 */
const loadParser = (): Promise<FrameParser> =>
  import('../../shared/protocol').then(
    ({ ServerFrame }) =>
      (json) =>
        ServerFrame.safeParse(json),
  );

/**
 * The page's one WebSocket to its session. Sends `hello` (with the saved token and
 * the last seq it holds, so a reload or a network blip resumes the same session with
 * nothing lost), gives every command an id and resolves it with its one reply, and
 * reconnects with backoff. Frames are parsed with the protocol's schemas.
 */
export class Connection {
  private ws: WebSocket | null = null;
  private nextId = 1;
  private pending = new Map<number, (reply: Reply<Op, ReplyError>) => void>();
  private backoff = 250;
  private stopped = false;
  private ready = false;
  private queue: string[] = [];
  private parse: FrameParser | null = null;
  /** Frames received before the parser loaded, in arrival order. */
  private early: string[] | null = null;
  private retry: string[] = [];

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = globalThis.sessionStorage ??
      null,
    private readonly tabs: TabClaim = createTabClaim(),
  ) {}

  static defaultUrl(): string {
    const { protocol, host } = window.location;
    return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/ws`;
  }

  start(): void {
    this.stopped = false;
    this.loadSchemas();
    void this.claimThenOpen();
  }

  /** After an eviction: resume this session here again (the other page is evicted in turn). */
  takeBack(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.backoff = 250;
    this.open('reconnecting');
  }

  private async claimThenOpen(): Promise<void> {
    const token = this.storage?.getItem(TOKEN_KEY);
    if (token && !(await this.tabs.claim(token))) {
      this.storage?.removeItem(TOKEN_KEY);
      this.handlers.onOwnSession?.();
    }
    if (!this.stopped) this.open('connecting');
  }

  stop(): void {
    this.stopped = true;
    this.ws?.close(1000, 'page closed');
    this.ws = null;
    this.failPending('the page closed its connection');
  }

  /** Sends a command and resolves with its reply (never rejects). */
  request<C extends CommandInput>(command: C): Promise<Reply<C['op'], ReplyError>> {
    const id = this.nextId++;
    const frame = JSON.stringify({ ...command, id });
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (reply: Reply<Op, ReplyError>) => void);
      if (this.ready && this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame);
      else this.queue.push(frame);
    });
  }

  private open(status: ConnectionStatus): void {
    this.handlers.onStatus(status);
    const ws = new WebSocket(this.url);
    this.ws = ws;
    this.ready = false;
    ws.onopen = () => {
      const token = this.storage?.getItem(TOKEN_KEY) ?? undefined;
      const lastSeq = this.handlers.lastSeq();
      const teacher = this.handlers.teacherSecret?.();
      ws.send(
        JSON.stringify({
          id: HELLO_ID,
          op: 'hello',
          protocol: PROTOCOL_VERSION,
          ...(token ? { token, lastSeq } : {}),
          ...(teacher ? { teacher } : {}),
        }),
      );
    };
    ws.onmessage = (msg) => this.arrive(String(msg.data));
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ready = false;
      // A command in flight when the line dropped may or may not have run: say so
      // rather than leave its caller waiting forever. The events will tell.
      this.failPending('the connection to the server dropped before the reply came');
      if (this.stopped) return;
      // Another page resumed this session: reconnecting would take it back, and that page would do the
      // same, in a loop. Wait for the person to choose (takeBack).
      if (event.code === CloseCodes.RESUMED_ELSEWHERE) {
        this.stopped = true;
        this.handlers.onStatus('evicted');
        return;
      }
      // The teacher removed this student or ended the class: the session is gone, there is nothing to resume.
      if (event.code === CloseCodes.CLASS_REMOVED || event.code === CloseCodes.CLASS_ENDED) {
        this.stopped = true;
        this.storage?.removeItem(TOKEN_KEY);
        this.handlers.onClassClosed?.(event.code === CloseCodes.CLASS_REMOVED ? 'removed' : 'ended');
        this.handlers.onStatus('ended');
        return;
      }
      this.handlers.onStatus('reconnecting');
      const delay = this.backoff;
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
      setTimeout(() => !this.stopped && this.open('reconnecting'), delay);
    };
  }

  /** Starts fetching the schemas once; frames arriving meanwhile queue in `early`. */
  private loadSchemas(): void {
    if (this.parse || this.early) return;
    const early: string[] = [];
    this.early = early;
    loadParser().then(
      (parse) => {
        this.parse = parse;
        this.early = null;
        for (const frame of early) this.receive(frame, parse);
      },
      (error: unknown) => {
        // The chunk did not load (the server went away mid-fetch): the next frame tries again, these first.
        console.warn('Allô: the protocol schemas did not load', error);
        this.early = null;
        this.retry = early;
      },
    );
  }

  private arrive(raw: string): void {
    if (this.parse) {
      this.receive(raw, this.parse);
      return;
    }
    this.loadSchemas();
    this.early?.push(...this.retry.splice(0), raw);
  }

  private receive(raw: string, parse: FrameParser): void {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      console.warn('Allô: a frame from the server was not JSON');
      return;
    }
    const parsed = parse(json);
    if (!parsed.success) {
      console.warn('Allô: unexpected frame from the server', parsed.error.issues);
      return;
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'welcome':
        this.storage?.setItem(TOKEN_KEY, frame.token);
        void this.tabs.claim(frame.token);
        this.backoff = 250;
        this.ready = true;
        this.handlers.onWelcome(frame);
        this.handlers.onStatus('open');
        for (const queued of this.queue.splice(0)) this.ws?.send(queued);
        return;
      case 'events':
        this.handlers.onEvents(frame.events, frame.shed);
        return;
      case 'spotlight':
        this.handlers.onSpotlight?.(frame);
        return;
      case 'reply': {
        if (frame.id === HELLO_ID && !frame.ok && frame.error.code === 'UNKNOWN_SESSION') {
          // The saved session is gone (it expired, or the server restarted): start a new one.
          this.storage?.setItem(TOKEN_KEY, '');
          const teacher = this.handlers.teacherSecret?.();
          this.ws?.send(
            JSON.stringify({ id: HELLO_ID, op: 'hello', protocol: PROTOCOL_VERSION, ...(teacher ? { teacher } : {}) }),
          );
          return;
        }
        if (typeof frame.id !== 'number') return;
        const resolve = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        resolve?.(frame.ok ? { ok: true, result: frame.result as never } : { ok: false, error: frame.error });
        return;
      }
    }
  }

  private failPending(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: DISCONNECTED, message } });
    this.pending.clear();
  }
}
