import type { StateCreator } from 'zustand';
import type { ClassCall, ClassWelcome, DirectoryEntry, RosterStudent } from '../../shared/class';
import type { Event } from '../../shared/protocol';
import type { AlloState } from './index';

/** Why this page's class is over: the teacher ended it, or removed this student. */
export type ClassOver = 'ended' | 'removed';

/** A class member at the other end of one of this page's sockets. */
export interface ClassPeer {
  peer: string;
  service: string;
}

export interface ClassSlice {
  /** `welcome.class` kept up to date by the class's own events; null when the server runs no class. */
  classInfo: ClassWelcome | null;
  /** Teacher only: every student and every call between members, as the last `roster` event said. */
  roster: { students: RosterStudent[]; calls: ClassCall[] };
  /** The phone book: what the class publishes, as the last `directory` event said. */
  directory: DirectoryEntry[];
  /** Set once the class is over for this page: nothing live is offered any more. */
  classOver: ClassOver | null;
  /** Per socket of this session: the class member it talks to (`class-peer`). */
  classPeers: Record<string, ClassPeer>;
  /** Teacher: the student whose events the spotlight copy shows (client/features/class/spotlight.ts). */
  spotlighted: { student: string; name: string } | null;
  setSpotlighted(spotlighted: { student: string; name: string } | null): void;
  setClassWelcome(info: ClassWelcome | undefined): void;
  /** The class events of a batch from the connection, applied at once (not through the timeline). */
  applyClassEvents(events: readonly Event[]): void;
  setClassOver(over: ClassOver): void;
  /** `class-join` answered: this page is that student now. */
  setJoined(joined: { student: string; name: string }): void;
}

export const createClassSlice: StateCreator<AlloState, [], [], ClassSlice> = (set, get) => ({
  classInfo: null,
  roster: { students: [], calls: [] },
  directory: [],
  classOver: null,
  classPeers: {},
  spotlighted: null,
  setSpotlighted: (spotlighted) => set({ spotlighted }),
  setClassWelcome: (info) => {
    set({ classInfo: info ?? null });
    if (info?.ended) set({ classOver: info.role === 'teacher' ? 'ended' : (get().classOver ?? 'ended') });
  },
  applyClassEvents: (events) => {
    for (const e of events) {
      switch (e.kind) {
        case 'roster':
          set({ roster: { students: e.students, calls: e.calls } });
          break;
        case 'directory':
          set({ directory: e.entries });
          break;
        case 'class-peer':
          set((s) => ({ classPeers: { ...s.classPeers, [e.socket]: { peer: e.peer, service: e.service } } }));
          break;
        case 'class-state': {
          const info = get().classInfo;
          if (!info) break;
          set({
            classInfo: {
              ...info,
              frozen: e.frozen,
              ended: e.ended,
              spotlight: e.spotlight,
              ...(e.name !== undefined ? { name: e.name, role: info.role === 'guest' ? 'student' : info.role } : {}),
            },
          });
          if (e.ended || e.reason) set({ classOver: e.reason ?? 'ended' });
          break;
        }
        default:
          break;
      }
    }
  },
  setJoined: ({ student, name }) =>
    set((s) => ({ classInfo: s.classInfo ? { ...s.classInfo, role: 'student', student, name } : s.classInfo })),
  setClassOver: (classOver) => set((s) => ({ classOver: s.classOver ?? classOver })),
});
