import { memo } from 'react';
import { useTranslation } from '../../i18n/react';
import type { LookupResult, ServiceResult, World } from '../../../shared/world';
import { socketName } from './captions';
import './phoneBook.css';

/** Newest first: the answer just given is at the top. */
const newest = <T extends { seq: number }>(xs: Readonly<Record<string, T>>): T[] =>
  Object.values(xs).sort((a, b) => b.seq - a.seq);

function BookEntry({ entry, world, latest }: { entry: LookupResult; world: World; latest: boolean }) {
  const { t } = useTranslation('stage');
  return (
    <li className="book-entry" data-testid="book-entry" data-host={entry.host} data-latest={latest || undefined}>
      <span className="book-name">{entry.host}</span>
      {entry.socket && (
        <span className="book-for muted">{t('phoneBook.forSocket', { who: socketName(world, entry.socket) })}</span>
      )}
      {entry.source === 'class' && <span className="book-source muted">{t('phoneBook.classBook')}</span>}
      {entry.addresses.length === 0 ? (
        <span className="muted">{t('phoneBook.noAddress')}</span>
      ) : (
        <ul className="book-addresses">
          {entry.addresses.map((a) => (
            <li key={`${a.family}-${a.address}`} data-testid="book-address" data-family={a.family}>
              <span className="book-family">{t(`phoneBook.family.${a.family}`)}</span> <code>{a.address}</code>
              {entry.port !== undefined && (
                <>
                  {' '}
                  {t('phoneBook.port')} <code className="book-port">{entry.port}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ExtensionEntry({ entry, latest }: { entry: ServiceResult; latest: boolean }) {
  const { t } = useTranslation('stage');
  return (
    <li
      className="book-entry"
      data-testid="extension-entry"
      data-service={`${entry.name}/${entry.proto}`}
      data-latest={latest || undefined}
    >
      <span className="book-name">
        {entry.name}/{entry.proto}
      </span>{' '}
      <code className="book-port">{entry.port}</code>{' '}
      <span className="book-source muted">{t(`phoneBook.source.${entry.source}`)}</span>
    </li>
  );
}

/**
 * The directory on the stage: the phone book (every name looked up, with every
 * address of both families the resolver gave) and the extension list (each
 * service's port and where it came from: /etc/services or the built-in table).
 * Shown once something has been looked up, as of the timeline cursor.
 */
export const PhoneBook = memo(function PhoneBook({ world }: { world: World }) {
  const { t } = useTranslation('stage');
  const book = newest(world.lookups);
  const extensions = newest(world.services);
  if (book.length === 0 && extensions.length === 0) return null;
  const latest = world.seq;
  return (
    <aside className="phone-book" aria-label={t('phoneBook.title')} data-testid="phone-book">
      {book.length > 0 && (
        <section aria-label={t('phoneBook.book')} title={t('phoneBook.bookHint')}>
          <h3 className="book-title">
            {t('phoneBook.book')} <code className="muted">getaddrinfo()</code>
          </h3>
          <ul className="book-list">
            {book.map((e) => (
              <BookEntry key={e.host} entry={e} world={world} latest={e.seq === latest} />
            ))}
          </ul>
        </section>
      )}
      {extensions.length > 0 && (
        <section aria-label={t('phoneBook.extensions')} title={t('phoneBook.extHint')}>
          <h3 className="book-title">
            {t('phoneBook.extensions')} <code className="muted">getservbyname()</code>
          </h3>
          <ul className="book-list">
            {extensions.map((e) => (
              <ExtensionEntry key={`${e.name}/${e.proto}`} entry={e} latest={e.seq === latest} />
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
});
