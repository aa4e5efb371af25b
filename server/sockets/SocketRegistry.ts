import type { ManagedSocket } from './types';

/**
 * The one owner of a session's sockets. Ids are `s1`, `s2`, … per session and
 * never reused; a closed socket leaves the map but its id is remembered so a
 * late command is told "closed" rather than "no such socket".
 */
export class SocketRegistry {
  private next = 1;
  private readonly open = new Map<string, ManagedSocket>();
  private readonly closedIds = new Set<string>();

  /** `ids`: where ids come from when not s1, s2, … (a compare namespace uses ids its session reserved). */
  constructor(private readonly ids?: () => string) {}

  nextId(): string {
    return this.ids ? this.ids() : `s${this.next++}`;
  }

  add(socket: ManagedSocket): void {
    this.open.set(socket.id, socket);
  }

  get(id: string): ManagedSocket | 'closed' | undefined {
    return this.open.get(id) ?? (this.closedIds.has(id) ? 'closed' : undefined);
  }

  markClosed(id: string): void {
    if (this.open.delete(id)) this.closedIds.add(id);
  }

  get openCount(): number {
    return this.open.size;
  }

  unsentBytes(): number {
    let total = 0;
    for (const s of this.open.values()) total += s.unsentBytes();
    return total;
  }

  sockets(): IterableIterator<ManagedSocket> {
    return this.open.values();
  }

  /** Session over: every socket is released, silently. */
  destroyAll(): void {
    for (const s of this.open.values()) s.destroy();
    this.open.clear();
  }
}
