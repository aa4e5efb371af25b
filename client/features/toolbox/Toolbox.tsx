import { useTranslation } from '../../i18n/react';
import { CreateSocket } from './CreateSocket';
import { DirectoryActions } from './DirectoryActions';
import { SocketActions } from './SocketActions';
import { ToolboxGate } from '../timeline';
import './toolbox.css';

/** The toolbox: pick up a handset with the real socket() parameters, then act on the selected socket. */
export function Toolbox() {
  const { t } = useTranslation('toolbox');
  return (
    <div className="toolbox" aria-label={t('title')} role="region">
      <ToolboxGate>
        <DirectoryActions />
        <CreateSocket />
        <SocketActions />
      </ToolboxGate>
    </div>
  );
}
