import { useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { useAllo } from '../../store';

/**
 * Downloads the session's capture as a .pcap (for Wireshark or tcpdump -r).
 * The token goes in the Authorization header, never in a URL.
 */
export function ExportPcapButton() {
  const { t } = useTranslation('wire');
  const welcome = useAllo((s) => s.welcome);
  const [error, setError] = useState<string | null>(null);
  const capture = welcome?.server.capabilities.capture;
  const usable = Boolean(welcome && capture?.available);

  const download = async () => {
    if (!welcome) return;
    setError(null);
    try {
      const res = await fetch(`/api/sessions/${encodeURIComponent(welcome.session)}/capture.pcap`, {
        headers: { authorization: `Bearer ${welcome.token}` },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `allo-${welcome.session}.pcap`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(t('export.failed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <>
      <button
        type="button"
        data-testid="export-pcap"
        onClick={() => void download()}
        disabled={!usable}
        title={usable ? t('export.hint') : (capture?.reason ?? t('export.hint'))}
      >
        {t('export.button')}
      </button>
      {error && (
        <span className="wire-note" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
