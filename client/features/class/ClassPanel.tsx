import { PhoneBook } from './PhoneBook';
import { TeacherPanel } from './TeacherPanel';

/** The side panel's class tab: the teacher's desk (teacher only), then the phone book. */
export function ClassPanel() {
  return (
    <div className="toolbox class-panel">
      <TeacherPanel />
      <PhoneBook />
    </div>
  );
}
