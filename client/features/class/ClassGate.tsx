import { lazy, type ReactNode, Suspense } from 'react';
import { useAllo } from '../../store';
// Eager: a class can be over because the server went away, and then no chunk could be fetched.
import { ClassOverPage } from './ClassOverPage';

// Only a class's guests see it, from a server that is up: not in the initial JavaScript (issue 15).
const JoinPage = lazy(() => import('./JoinPage').then((m) => ({ default: m.JoinPage })));

/** In class mode: a guest joins first, and a page whose class is over says so and offers nothing live. */
export function ClassGate({ children }: { children: ReactNode }) {
  const role = useAllo((s) => s.classInfo?.role);
  const over = useAllo((s) => s.classOver);
  if (over) return <ClassOverPage over={over} />;
  if (role === 'guest')
    return (
      <Suspense fallback={null}>
        <JoinPage />
      </Suspense>
    );
  return children;
}
