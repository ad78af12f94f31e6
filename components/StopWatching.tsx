import { Confirmation } from './Confirmation';

/**
 * The question before Stop watching, in the popup and on the options page alike: it names everything
 * that goes with the site (utils/origins/watched-origins.ts, `unwatchOrigin`). `label`: the popup is
 * about one site; the options page lists several, so its label names the site.
 */
export function StopWatchingConfirmation({ origin, label, onConfirm, onCancel }: { origin: string | undefined; label: string; onConfirm(): void; onCancel(): void }) {
  return (
    <Confirmation label={label} confirm="Stop watching" action="unwatch" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        Stop watching <strong>{origin}</strong>? This deletes the log of {origin}, its saved API key, direct address and last checks, and Immich Doctor's access to it. To watch it again, the browser asks you for access again.
      </p>
    </Confirmation>
  );
}
