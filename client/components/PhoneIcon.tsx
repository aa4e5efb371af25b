import type { Phase, SocketState } from '../../shared/world';

const OFF_HOOK: readonly Phase[] = ['connecting', 'connected', 'half-closed', 'peer-half-closed'];

/**
 * The picture on each card: a desk telephone (handset on the hook, lifted when
 * a call is on), a switchboard for a listener, a mailbox for UDP. Decorative:
 * the card says the same in words.
 */
export function PhoneIcon({ socket }: { socket: SocketState }) {
  if (socket.proto === 'udp') return <Mailbox flag={socket.receives > 0} />;
  if (socket.phase === 'listening' || socket.children.length > 0) return <Switchboard calls={socket.children.length} />;
  const lifted = OFF_HOOK.includes(socket.phase);
  return (
    <svg className="phone-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path
        className="phone-body"
        d="M10 50 L16 30 Q18 26 23 26 H41 Q46 26 48 30 L54 50 Q55 54 51 54 H13 Q9 54 10 50 Z"
      />
      <circle className="phone-dial" cx="32" cy="41" r="8" />
      <circle cx="32" cy="41" r="2.5" className="phone-dial-hub" />
      <g className={`phone-handset${lifted ? ' is-lifted' : ''}`}>
        <path d="M8 20 Q8 12 16 12 H48 Q56 12 56 20 L52 24 Q50 25 48 23 L46 19 H18 L16 23 Q14 25 12 24 Z" />
      </g>
    </svg>
  );
}

function Switchboard({ calls }: { calls: number }) {
  const jacks = [0, 1, 2, 3, 4, 5];
  return (
    <svg className="phone-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect className="phone-body" x="8" y="10" width="48" height="44" rx="5" />
      {jacks.map((j) => (
        <circle
          key={j}
          className={j < calls ? 'jack is-busy' : 'jack'}
          cx={18 + (j % 3) * 14}
          cy={24 + Math.floor(j / 3) * 16}
          r="4.5"
        />
      ))}
    </svg>
  );
}

function Mailbox({ flag }: { flag: boolean }) {
  return (
    <svg className="phone-icon" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path className="phone-body" d="M12 30 Q12 16 26 16 H44 Q54 16 54 28 V44 H12 Z" />
      <rect className="phone-dial" x="30" y="44" width="6" height="14" />
      <rect x="18" y="30" width="16" height="4" rx="2" className="phone-dial-hub" />
      <path className={`mail-flag${flag ? ' is-up' : ''}`} d="M48 30 V14 H56 V20 H50" />
    </svg>
  );
}
