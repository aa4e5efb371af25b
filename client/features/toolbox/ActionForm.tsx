import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandInput } from '../../../shared/protocol';
import type { SocketState, World } from '../../../shared/world';
import { Field } from '../../components/Field';
import { useAllo } from '../../store';
import { needsDestination, type SocketAction } from './actions';
import { cCall } from './cCalls';
import { loopback, suggestTarget } from './defaults';
import { checkHost, checkMessage, checkPort, type Checked, type MessageMode, type Problem } from './validate';

const MODES: readonly MessageMode[] = ['text', 'hex', 'base64'];
const DEFAULT_MAX_SEND = 64 * 1024;

/** Inputs and the C call for one action on one socket; `onRun` gets the command once everything is valid. */
export function ActionForm(props: {
  action: SocketAction;
  socket: SocketState;
  world: World;
  busy: boolean;
  onRun(c: CommandInput): void;
}) {
  const { action, socket: s, world, busy, onRun } = props;
  const { t } = useTranslation('toolbox');
  const policy = useAllo((st) => st.welcome?.server.policy);
  const suggestion = suggestTarget(world, s);
  const [host, setHost] = useState(action === 'bind' ? loopback(s.family) : suggestion.host);
  const [port, setPort] = useState(action === 'connect' || action === 'send' ? suggestion.port : '');
  const [backlog, setBacklog] = useState('16');
  const [message, setMessage] = useState('Allô ?');
  const [mode, setMode] = useState<MessageMode>('text');
  const say = (c: Checked<unknown>) => (c.ok ? null : t(c.problem.key, c.problem.values));
  const minPort = policy?.minPort ?? 1024;
  const maxSend = policy?.limits.maxSendBytes ?? DEFAULT_MAX_SEND;

  const sendto = action === 'send' && needsDestination(s);
  const wantsHost = action === 'bind' || action === 'connect' || sendto;
  const wantsPort = wantsHost || action === 'listen';
  const hostC = checkHost(host);
  const portC = checkPort(port, action === 'bind' || action === 'listen' ? 'local' : 'remote', minPort);
  const backlogN = Number(backlog);
  const backlogC: Checked<number> =
    Number.isInteger(backlogN) && backlogN >= 1 && backlogN <= 511
      ? { ok: true, value: backlogN }
      : { ok: false, problem: { key: 'problem.backlog' } as Problem };
  const msgC = checkMessage(message, mode, maxSend);

  const valid =
    (!wantsHost || hostC.ok) &&
    (!wantsPort || portC.ok) &&
    (action !== 'listen' || backlogC.ok) &&
    (action !== 'send' || msgC.ok);
  const command = (): CommandInput | null => {
    if (!valid) return null;
    const socket = s.id;
    switch (action) {
      case 'bind':
        return hostC.ok && portC.ok ? { op: 'bind', socket, address: hostC.value, port: portC.value } : null;
      case 'listen':
        return portC.ok && backlogC.ok ? { op: 'listen', socket, port: portC.value, backlog: backlogC.value } : null;
      case 'connect':
        return hostC.ok && portC.ok ? { op: 'connect', socket, host: hostC.value, port: portC.value } : null;
      case 'send':
        if (!msgC.ok) return null;
        return sendto && hostC.ok && portC.ok
          ? { op: 'send', socket, data: msgC.value.payload, to: { host: hostC.value, port: portC.value } }
          : { op: 'send', socket, data: msgC.value.payload };
      default:
        return { op: action, socket };
    }
  };
  const comments = { eachCall: t('cComment.eachCall'), noRecv: t('cComment.noRecv') };
  const lines = cCall(
    action,
    s.family,
    { host, port, backlog, bytes: msgC.ok ? msgC.value.bytes : 0, sendto },
    comments,
  );

  return (
    <form
      className="action-form"
      onSubmit={(e) => {
        e.preventDefault();
        const c = command();
        if (c) onRun(c);
      }}
    >
      <p className="tool-note">{t(`action.${action}.hint`)}</p>
      {wantsHost && (
        <Field label={t('field.host')} value={host} onChange={setHost} problem={say(hostC)} testId="field-host" />
      )}
      {wantsPort && (
        <Field
          label={t(action === 'listen' || action === 'bind' ? 'field.localPort' : 'field.port')}
          value={port}
          onChange={setPort}
          problem={say(portC)}
          inputMode="numeric"
          placeholder={action === 'listen' || action === 'bind' ? t('field.anyPort') : ''}
          testId="field-port"
        />
      )}
      {action === 'listen' && (
        <Field
          label={t('field.backlog')}
          value={backlog}
          onChange={setBacklog}
          problem={say(backlogC)}
          inputMode="numeric"
        />
      )}
      {action === 'send' && (
        <>
          <Field
            label={t('field.message')}
            value={message}
            onChange={setMessage}
            problem={say(msgC)}
            wide
            multiline
            testId="field-message"
          />
          <div className="segmented" role="group" aria-label={t('field.encoding')}>
            {MODES.map((m) => (
              <button type="button" key={m} aria-pressed={mode === m} onClick={() => setMode(m)}>
                {t(`field.mode.${m}`)}
              </button>
            ))}
          </div>
          {msgC.ok && (
            <span className="muted tool-bytes">{t('field.bytes', { count: msgC.value.bytes, max: maxSend })}</span>
          )}
        </>
      )}
      <code className="code-line" data-testid="c-call">
        {lines.join('\n')}
      </code>
      <button
        type="submit"
        className="btn-primary tool-run"
        disabled={!valid || busy}
        data-testid="run-action"
        data-action={action}
      >
        {t(`action.${action}.run`)} <code>{t(`action.${action}.api`)}</code>
      </button>
    </form>
  );
}
