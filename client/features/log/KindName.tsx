import { useTranslation } from '../../i18n/react';
import type { EventKind } from '../../../shared/protocol';

/** An event kind in the page's language, the protocol's own name beside it when it differs. */
export function KindName({ kind }: { kind: EventKind }) {
  const { t } = useTranslation('log');
  const label = t(`kind.${kind}`, { defaultValue: kind });
  if (label === kind) return <>{kind}</>;
  return (
    <>
      {label} <span className="event-kind-name">({kind})</span>
    </>
  );
}
