import { useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { CommandInput } from '../../../shared/protocol';
import type { SocketState, World } from '../../../shared/world';
import { Field } from '../../components/Field';
import { store, useAllo } from '../../store';
import { ACTIONS, type ActionValues, type SocketAction } from './actions';
import { usePreview } from './usePreview';
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
  const preview = usePreview();
  const policy = useAllo((st) => st.welcome?.server.policy);
  const uiLang = useAllo((st) => st.lang);
  const suggestion = suggestTarget(world, s);
  const [host, setHost] = useState(action === 'bind' ? loopback(s.family) : suggestion.host);
  const [port, setPort] = useState(action === 'connect' || action === 'send' ? suggestion.port : '');
  const [backlog, setBacklog] = useState('16');
  const [message, setMessage] = useState('Allô ?');
  const [mode, setMode] = useState<MessageMode>('text');
  const say = (c: Checked<unknown>) => (c.ok ? null : t(c.problem.key, c.problem.values));
  const minPort = policy?.minPort ?? 1024;
  const maxSend = policy?.limits.maxSendBytes ?? DEFAULT_MAX_SEND;

  const def = ACTIONS[action];
  const fields = def.fields(s);
  const wantsHost = fields.includes('host');
  const wantsPort = fields.includes('port');
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
  // What is typed so far; while a field is not valid yet, the preview shows its default.
  const values: ActionValues = {
    host: hostC.ok ? hostC.value : s.family === 6 ? '::1' : '127.0.0.1',
    port: portC.ok ? portC.value : 0,
    backlog: backlogC.ok ? backlogC.value : 16,
    payload: msgC.ok ? msgC.value.payload : { text: '' },
  };
  const command = (): CommandInput | null => (valid ? def.toCommand(s, values) : null);
  // Printed by shared/codegen from the events this action causes: the very lines the code view will add.
  const lines = preview?.previewLines(action, s, values, store.getState().events, uiLang) ?? [t('common:loading')];

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
        {t(`action.${action}.run`)} <code>{t(def.apiKey(s))}</code>
      </button>
    </form>
  );
}
