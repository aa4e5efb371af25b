import { useTranslation } from '../../i18n/react';
import { openStream } from './followStream';
import './streamButton.css';

/** Opens "Follow the stream" on a socket's call, from a stage card or an arrow's details. */
export function FollowStreamButton({ socket }: { socket: string }) {
  const { t } = useTranslation('stream');
  return (
    <button
      type="button"
      className="stream-open"
      data-testid="follow-stream-open"
      data-socket={socket}
      title={t('followHint')}
      onClick={(e) => {
        e.stopPropagation();
        openStream(socket);
      }}
    >
      {t('follow')}
    </button>
  );
}
