/**
 * The server-wide byte budgets (maxLogBytes, maxOutboxBytes), shared by every
 * session of one server: one counter for the replay logs, and the set of
 * outboxes whose WebSocket buffers add up to the outbox total.
 */

/** What the budget needs of an outbox: its transport's queued bytes, and a way to wake it. */
export interface BudgetedOutbox {
  readonly buffered: number;
  schedule(): void;
}

export class MemoryBudget {
  /** Estimated bytes of every session's replay log. */
  logBytes = 0;
  private readonly outboxes = new Set<BudgetedOutbox>();
  private readonly waiting = new Set<BudgetedOutbox>();

  constructor(
    readonly maxLogBytes: number,
    /** A session above this share of maxLogBytes trims itself while the server is over. */
    readonly logShare: number,
    readonly maxOutboxBytes: number,
  ) {}

  get logOver(): boolean {
    return this.logBytes > this.maxLogBytes;
  }

  addOutbox(o: BudgetedOutbox): void {
    this.outboxes.add(o);
  }

  removeOutbox(o: BudgetedOutbox): void {
    this.outboxes.delete(o);
    this.waiting.delete(o);
    this.wake();
  }

  /** Bytes queued in every attached WebSocket (a sum over at most maxSessions). */
  outboxBytes(): number {
    let n = 0;
    for (const o of this.outboxes) n += o.buffered;
    return n;
  }

  /**
   * The total as summed at the first look of this turn of the event loop, plus
   * what outboxes wrote since (`wrote`): summing every WebSocket per frame made
   * each frame O(sessions), so a class's worth of sessions O(sessions²) a turn.
   * Drains during the turn only lower the real total, so this errs on the safe side.
   */
  private turnTotal: number | undefined;

  private total(): number {
    if (this.turnTotal === undefined) {
      this.turnTotal = this.outboxBytes();
      setImmediate(() => {
        this.turnTotal = undefined;
      });
    }
    return this.turnTotal;
  }

  /** An outbox handed `bytes` more to its WebSocket this turn. */
  wrote(bytes: number): void {
    if (this.turnTotal !== undefined) this.turnTotal += bytes;
  }

  /** True when `o` may write now; otherwise it waits until some outbox drains. */
  mayWrite(o: BudgetedOutbox): boolean {
    if (this.total() <= this.maxOutboxBytes) return true;
    this.waiting.add(o);
    return false;
  }

  /** Some WebSocket drained: the outboxes held back by the total look again. */
  wake(): void {
    if (this.waiting.size === 0) return;
    // A drain lowered the total: look afresh.
    this.turnTotal = undefined;
    if (this.total() > this.maxOutboxBytes) return;
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const o of woken) o.schedule();
  }
}
