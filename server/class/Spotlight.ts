/**
 * The teacher's spotlight: a read-only copy of one student's events, sent to
 * every teacher session as `spotlight` frames (the whole kept log first, then
 * what follows, batched once per turn of the event loop). Not part of the
 * teacher's own numbered events: it is the student's numbering.
 */
import type { Event, SpotlightFrame } from '../../shared/protocol';
import type { Member } from './Classroom';

/** Events per spotlight frame: a long log goes out in several frames. */
const MAX_EVENTS_PER_FRAME = 2000;

export class Spotlight {
  student: Member | undefined;
  private pending: Event[] = [];
  private scheduled = false;

  constructor(private readonly teachers: () => Member[]) {}

  show(m: Member | undefined): void {
    this.student = m;
    this.pending = [];
    if (!m) {
      this.send({ type: 'spotlight', student: null, reset: true, events: [] });
      return;
    }
    let seq = 0;
    let reset = true;
    for (;;) {
      const events = m.session.log.after(seq, MAX_EVENTS_PER_FRAME);
      if (events.length === 0 && !reset) break;
      this.send({ type: 'spotlight', student: m.id, ...(m.name ? { name: m.name } : {}), reset, events });
      reset = false;
      if (events.length < MAX_EVENTS_PER_FRAME) break;
      seq = events[events.length - 1]!.seq;
    }
  }

  observe(m: Member, e: Event): void {
    if (m !== this.student) return;
    this.pending.push(e);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const events = this.pending;
      this.pending = [];
      if (events.length === 0 || this.student !== m) return;
      this.send({ type: 'spotlight', student: m.id, reset: false, events });
    });
  }

  private send(frame: SpotlightFrame): void {
    for (const t of this.teachers()) t.session.send(frame);
  }
}
