import { useState } from 'preact/hooks';
import { DISK_FULL_PERCENT, hostPathProblem } from '../utils/options/check-settings';
import type { OptionsActions, OptionsState } from '../utils/options/store';

type Props = Pick<OptionsState, 'checkSettings' | 'sitesWithApiKey' | 'apiKeyMessage' | 'sites' | 'directAddresses' | 'directMessage'> &
  Pick<OptionsActions, 'setCheckSettings' | 'saveApiKey' | 'removeApiKey' | 'saveDirectAddress' | 'removeDirectAddress'>;

/** One site's API key: a password field to paste it in, or Remove once one is saved (the key itself is never shown again). */
function ApiKeyField({ origin, saved, message, saveApiKey, removeApiKey }: { origin: string; saved: boolean; message?: string } & Pick<Props, 'saveApiKey' | 'removeApiKey'>) {
  const [key, setKey] = useState('');
  const id = `api-key-${origin}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await saveApiKey(origin, key)) setKey('');
  };
  return (
    <div class="site-check-field" data-api-key-site={origin} data-saved={saved || undefined}>
      {saved ? (
        <span class="api-key-saved">
          A key is saved.{' '}
          <button type="button" data-action="remove-api-key" onClick={() => void removeApiKey(origin)} aria-label={`Remove the API key of ${origin}`}>
            Remove key
          </button>
        </span>
      ) : (
        <form onSubmit={submit}>
          <label for={id}>API key </label>
          <input id={id} type="password" autocomplete="off" spellcheck={false} value={key} onInput={(event) => setKey(event.currentTarget.value)} />{' '}
          <button type="submit" data-action="save-api-key">
            Save
          </button>
        </form>
      )}
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

/** One site's direct address (LAN IP and port): entering it asks the browser for access to it, in the click. */
function DirectAddressField({ origin, saved, message, saveDirectAddress, removeDirectAddress }: { origin: string; saved?: string; message?: string } & Pick<Props, 'saveDirectAddress' | 'removeDirectAddress'>) {
  const [input, setInput] = useState('');
  const id = `direct-${origin}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await saveDirectAddress(origin, input)) setInput('');
  };
  return (
    <div class="site-check-field" data-direct-site={origin} data-saved={saved ? 'true' : undefined}>
      {saved ? (
        <span>
          Direct address: <code>{saved}</code>{' '}
          <button type="button" data-action="remove-direct-address" onClick={() => void removeDirectAddress(origin)} aria-label={`Remove the direct address of ${origin}`}>
            Remove
          </button>
        </span>
      ) : (
        <form onSubmit={submit}>
          <label for={id}>Direct address </label>
          <input id={id} type="url" placeholder="http://192.168.1.10:2283" value={input} onInput={(event) => setInput(event.currentTarget.value)} />{' '}
          <button type="submit" data-action="save-direct-address">
            Save and allow
          </button>
        </form>
      )}
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}

/** Where the user's `UPLOAD_LOCATION` is on the host: the assets check then gives a failing original's host path. */
function HostMediaPath({ saved, save }: { saved?: string; save: (path: string | undefined) => void }) {
  const [problem, setProblem] = useState<string>();
  const change = (value: string) => {
    const path = value.trim();
    const found = path === '' ? undefined : hostPathProblem(path);
    setProblem(found);
    if (!found) save(path === '' ? undefined : path);
  };
  return (
    <p>
      <label for="host-media-path">Immich's media folder on the host (<code>UPLOAD_LOCATION</code>) </label>
      <input id="host-media-path" data-setting="host-media-path" type="text" spellcheck={false} placeholder="/srv/immich/library" value={saved ?? ''} onChange={(event) => change(event.currentTarget.value)} />
      <span class="why"> The failing assets check then says where a missing file should be on the host.</span>
      {problem && (
        <span class="error" role="alert">
          {problem}
        </span>
      )}
    </p>
  );
}

/**
 * *Run checks*' options: whether the popup runs them by itself on a failing site, from when the disk is
 * "full", and an API key per site for when the session is not enough.
 */
export function CheckSettings({ checkSettings, sitesWithApiKey, apiKeyMessage, sites, directAddresses, directMessage, setCheckSettings, saveApiKey, removeApiKey, saveDirectAddress, removeDirectAddress }: Props) {
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">Run checks</h2>
      <p class="why">
        The popup's <strong>Run checks</strong> asks your Immich server itself (its version, maintenance mode, disk space, job queues), with your session in this browser, and only that site.
      </p>
      <p>
        <label>
          <input type="checkbox" data-setting="auto-run" checked={checkSettings.autoRun} onChange={(event) => void setCheckSettings({ autoRun: event.currentTarget.checked })} /> Run them by
          themselves when the popup opens on a site with failures
        </label>
      </p>
      <p>
        <label for="disk-full-percent">Call the disk full from </label>
        <input
          id="disk-full-percent"
          data-setting="disk-full-percent"
          type="number"
          min={DISK_FULL_PERCENT.min}
          max={DISK_FULL_PERCENT.max}
          step="1"
          value={checkSettings.diskFullPercent}
          onChange={(event) => {
            const value = event.currentTarget.valueAsNumber;
            if (value >= DISK_FULL_PERCENT.min && value <= DISK_FULL_PERCENT.max) void setCheckSettings({ diskFullPercent: value });
          }}
        />{' '}
        % used
      </p>
      <HostMediaPath saved={checkSettings.hostMediaPath} save={(hostMediaPath) => void setCheckSettings({ hostMediaPath })} />
      {sites.length > 0 && (
        <>
          <h3>Per site</h3>
          <p class="why">
            <strong>API key</strong>: only if your session is not enough (the job queues need an administrator). Create one in Immich (Account settings → API keys). It is kept in this browser
            only, sent only to its own site (and the direct address below), in the <code>x-api-key</code> header instead of your session, and never exported or shown again.
          </p>
          <p class="why">
            <strong>Direct address</strong>: the server's own address, without the proxy (its LAN IP and port). The checks then ask one failing photo both ways: failing only through the proxy
            points at the proxy. The browser asks you for access to it.
          </p>
          <ul class="site-checks">
            {sites.map(({ origin }) => (
              <li key={origin} data-site-checks={origin}>
                <code>{origin}</code>
                <ApiKeyField origin={origin} saved={sitesWithApiKey.includes(origin)} message={apiKeyMessage?.origin === origin ? apiKeyMessage.text : undefined} saveApiKey={saveApiKey} removeApiKey={removeApiKey} />
                <DirectAddressField origin={origin} saved={directAddresses[origin]} message={directMessage?.origin === origin ? directMessage.text : undefined} saveDirectAddress={saveDirectAddress} removeDirectAddress={removeDirectAddress} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
