import type { ReactNode } from 'react';
import { useAllo } from '../../store';
import { ClassOverPage } from './ClassOverPage';
import { JoinPage } from './JoinPage';

/** In class mode: a guest joins first, and a page whose class is over says so and offers nothing live. */
export function ClassGate({ children }: { children: ReactNode }) {
  const role = useAllo((s) => s.classInfo?.role);
  const over = useAllo((s) => s.classOver);
  if (over) return <ClassOverPage over={over} />;
  if (role === 'guest') return <JoinPage />;
  return children;
}
