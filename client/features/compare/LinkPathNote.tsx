import { useTranslation } from '../../i18n/react';
import { LINK_FIELDS } from '../../../shared/compare/link';
import type { CompareScore } from '../../../shared/compare/scoreboard';
import type { LinkPath } from '../../../shared/compare/wire';
import { useAllo } from '../../store';

/**
 * Which link the lanes cross, said at the top of the view before anything
 * else: the kernel's (a private network namespace that really drops packets,
 * so TCP really retransmits) or the relays' alone (TCP cannot lose there), with
 * which settings each part applies. The run's own `path` when there is a run;
 * the server's capability before the first one.
 */
export function LinkPathNote({ score }: { score: CompareScore | null }) {
  const { t } = useTranslation('compare');
  const kernelLink = useAllo((s) =>
    s.welcome?.server.capabilities.compareKernelLink === true ? true : s.welcome ? false : undefined,
  );
  const path: LinkPath | null = score?.path ?? (kernelLink === undefined ? null : kernelPath(kernelLink));
  if (!path) return null;
  const fields = (list: readonly string[]) => list.map((f) => t(`field.${f}`)).join(', ') || '—';
  return (
    <div className="cmp-path" data-testid="compare-link" data-mode={path.mode} role="note">
      <p className="cmp-path-title">
        <strong>{t(`path.${path.mode}.title`)}</strong> {t(`path.${path.mode}.what`)}
      </p>
      <p className="cmp-path-parts muted">
        {t('path.kernelDoes', { fields: fields(path.kernel) })} · {t('path.relayDoes', { fields: fields(path.relay) })}
      </p>
    </div>
  );
}

function kernelPath(kernel: boolean): LinkPath {
  return kernel
    ? { mode: 'kernel', loss: 'nftables', kernel: ['lossPct'], relay: LINK_FIELDS.filter((f) => f !== 'lossPct') }
    : { mode: 'relay', kernel: [], relay: [...LINK_FIELDS] };
}
