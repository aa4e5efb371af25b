import { MAX_STUDENT_NAME, SERVICE_NAME } from '../../../shared/classValues';
import { textProblem } from '../../../shared/safeValues';

/** Why a name cannot be a student's, as a key of class.json `join.problem`; null when it can. */
export type NameProblem = 'empty' | 'long' | 'hidden' | 'colon';

/**
 * The server's own rule (shared/class.ts `studentNameProblem`), told in the page's language before the
 * name is sent: 1–24 characters once trimmed, visible text only, no ":".
 */
export function nameProblem(name: string): NameProblem | null {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length === 0) return 'empty';
  if (length > MAX_STUDENT_NAME) return 'long';
  if (textProblem(trimmed)) return 'hidden';
  if (trimmed.includes(':')) return 'colon';
  return null;
}

/** A service name as the directory takes it: "echo", "chat-2" (1–32 letters, digits, - or _). */
export const serviceOk = (service: string): boolean => SERVICE_NAME.test(service);
