/**
 * The thinnest Allô client that can measure: JSON.parse and nothing else per
 * frame (no schema validation), so figures show the server's cost, not a test
 * helper's. A bare ws client in the baselines does the same work per frame.
 */
import WebSocket from 'ws';
import type { CommandInput, Event, ServerFrame } from '../../shared/protocol';

export class LeanClient {
  private nextId = 1;
  private readonly replies = new Map<number, (frame: ServerFrame & { type: 'reply' }) => void>();
  /** Called for every event, in order, at the moment its frame is parsed. */
  onEvent: (e: Event, at: number) => void = () => {};

  private constructor(readonly ws: WebSocket) {
    ws.on('error', () => {});
    ws.on('message', (raw) => {
      const at = performance.now();
      const frame = JSON.parse(raw.toString()) as ServerFrame;
      if (frame.type === 'events') for (const e of frame.events) this.onEvent(e, at);
      else if (frame.type === 'reply' && typeof frame.id === 'number') this.replies.get(frame.id)?.(frame);
    });
  }

  /** `onEvent` from the start: events in the same read as hello's reply are parsed before `connect` resolves. */
  static async connect(url: string, onEvent?: LeanClient['onEvent']): Promise<LeanClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const client = new LeanClient(ws);
    if (onEvent) client.onEvent = onEvent;
    await client.call({ op: 'hello', protocol: 1 });
    return client;
  }

  /** Sends a command without waiting; returns its id. */
  fire(input: CommandInput): number {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, ...input }));
    return id;
  }

  /** Sends a command and resolves with its result (rejects on an error reply or after 10 s). */
  call(input: CommandInput): Promise<Record<string, unknown>> {
    const id = this.fire(input);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${input.op}`)), 10_000);
      this.replies.set(id, (frame) => {
        clearTimeout(timer);
        this.replies.delete(id);
        if (frame.ok) resolve(frame.result);
        else reject(new Error(`${input.op}: ${frame.error.code} ${frame.error.message}`));
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
