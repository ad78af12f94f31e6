import type { InputHTMLAttributes, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DISK_FULL_PERCENT, hostPathProblem } from '../utils/options/check-settings';
import { diskFullPercentProblem } from '../utils/options/check-settings-form';
import type { OptionsActions, OptionsState } from '../utils/options/store';
import { ErrorAlert } from './ErrorAlert';
import { useTakeLostFocus } from './lost-focus';

type Props = Pick<OptionsState, 'checkSettings' | 'sitesWithApiKey' | 'apiKeyMessage' | 'sites' | 'directAddresses' | 'directMessage'> &
  Pick<OptionsActions, 'setCheckSettings' | 'saveApiKey' | 'removeApiKey' | 'saveDirectAddress' | 'removeDirectAddress'>;

/** What differs between a site's per-site fields: the API key and the direct address. */
interface SiteFieldKind {
  /** `api-key` or `direct`: the field's `data-<name>-site`, its actions `save-<name>` and `remove-<name>`. */
  name: 'api-key' | 'direct-address';
  label: string;
  /** The input's own attributes: a password field for the key (never echoed), a URL field for the address. */
  input: InputHTMLAttributes<HTMLInputElement>;
  saveText: string;
  removeText: string;
}

const API_KEY: SiteFieldKind = { name: 'api-key', label: 'API key', input: { type: 'password' }, saveText: 'Save', removeText: 'Remove key' };
const DIRECT_ADDRESS: SiteFieldKind = { name: 'direct-address', label: 'Direct address', input: { type: 'url', placeholder: 'http://192.168.1.10:2283' }, saveText: 'Save and allow', removeText: 'Remove' };

/**
 * One site's saved value, with Remove, or a form to enter it: `shown` is what may be shown of a saved
 * value (the direct address; never the key).
 */
function SiteField({ kind, origin, saved, shown, message, save, remove }: { kind: SiteFieldKind; origin: string; saved: boolean; shown?: string; message?: string; save: (origin: string, value: string) => Promise<boolean>; remove: (origin: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const id = `${kind.name}-${origin}`;
  // Save and Remove each replace the control used: the other one takes the focus (Remove, or the field).
  const next = useRef<HTMLButtonElement & HTMLInputElement>(null);
  useTakeLostFocus(next, { home: id });
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await save(origin, value)) setValue('');
  };
  return (
    <div data-focus-home={id} class="site-check-field" data-field={kind.name} data-field-site={origin} data-saved={saved ? 'true' : undefined}>
      {saved ? (
        <span>
          {shown ? (
            <>
              {kind.label}: <code>{shown}</code>
            </>
          ) : (
            `${kind.label}: saved.`
          )}{' '}
          <button ref={next} type="button" data-action={`remove-${kind.name}`} onClick={() => void remove(origin)} aria-label={`Remove the ${kind.label.toLowerCase()} of ${origin}`}>
            {kind.removeText}
          </button>
        </span>
      ) : (
        <form onSubmit={submit}>
          <label for={id}>{kind.label} </label>
          <input ref={next} id={id} {...kind.input} autocomplete="off" spellcheck={false} value={value} onInput={(event) => setValue(event.currentTarget.value)} />{' '}
          <button type="submit" data-action={`save-${kind.name}`}>
            {kind.saveText}
          </button>
        </form>
      )}
      <ErrorAlert message={message} />
    </div>
  );
}

/**
 * A field saved when the user is done with it (Enter, or leaving it), whose text is the user's while
 * they type and after a value it refused: not a controlled input, since the page re-renders on every
 * storage change (a busy site's log, every 2 s) and Preact writes a controlled input's value back
 * whenever it differs from the field's (node_modules/preact/src/diff/index.js): a review read that it
 * could wipe a half-typed path (not reproduced in Chromium), and a first fix kept controlled lost keys
 * to a render between a key and its `input` event ("40" typed read "950", measured).
 * A saved value that changes (another page saved it) is shown, unless the user is in the field.
 */
function useSavedField(saved: string): { ref: RefObject<HTMLInputElement | null>; defaultValue: string } {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current && ref.current !== document.activeElement) ref.current.value = saved;
  }, [saved]);
  return { ref, defaultValue: saved };
}

function FieldProblem({ problem }: { problem?: string }) {
  return problem ? (
    <span class="error" role="alert">
      {problem}
    </span>
  ) : null;
}

/** Where the user's `UPLOAD_LOCATION` is on the host: the assets check then gives a failing original's host path. */
function HostMediaPath({ saved, save }: { saved?: string; save: (path: string | undefined) => void }) {
  const [problem, setProblem] = useState<string>();
  const field = useSavedField(saved ?? '');
  const change = (value: string) => {
    const path = value.trim();
    const found = path === '' ? undefined : hostPathProblem(path);
    setProblem(found);
    if (!found) save(path === '' ? undefined : path);
  };
  return (
    <p>
      <label for="host-media-path">Immich's media folder on the host (<code>UPLOAD_LOCATION</code>) </label>
      <input id="host-media-path" data-setting="host-media-path" type="text" spellcheck={false} placeholder="/srv/immich/library" {...field} onChange={(event) => change(event.currentTarget.value)} />
      <span class="why"> The failing assets check then says where a missing file should be on the host.</span>
      <FieldProblem problem={problem} />
    </p>
  );
}

/** From how full a disk is "full" for the storage check. */
function DiskFullPercent({ saved, save }: { saved: number; save: (percent: number) => void }) {
  const [problem, setProblem] = useState<string>();
  const field = useSavedField(String(saved));
  const change = (percent: number) => {
    const found = diskFullPercentProblem(percent);
    setProblem(found);
    if (!found) save(percent);
  };
  return (
    <p>
      <label for="disk-full-percent">Call the disk full from </label>
      <input id="disk-full-percent" data-setting="disk-full-percent" type="number" min={DISK_FULL_PERCENT.min} max={DISK_FULL_PERCENT.max} step="1" {...field} onChange={(event) => change(event.currentTarget.valueAsNumber)} />{' '}
      % used <FieldProblem problem={problem} />
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
        The popup's <strong>Run checks</strong> asks your Immich server itself (its version, maintenance mode, disk space, job queues), with your session in this browser, and only that site (and the direct address you enter for it).
      </p>
      <p>
        <label>
          <input type="checkbox" data-setting="auto-run" checked={checkSettings.autoRun} onChange={(event) => void setCheckSettings({ autoRun: event.currentTarget.checked })} /> Run them by
          themselves when the popup opens on a site with failures
        </label>
      </p>
      <DiskFullPercent saved={checkSettings.diskFullPercent} save={(diskFullPercent) => void setCheckSettings({ diskFullPercent })} />
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
                <SiteField kind={API_KEY} origin={origin} saved={sitesWithApiKey.includes(origin)} message={apiKeyMessage?.origin === origin ? apiKeyMessage.text : undefined} save={saveApiKey} remove={removeApiKey} />
                <SiteField kind={DIRECT_ADDRESS} origin={origin} saved={directAddresses[origin] !== undefined} shown={directAddresses[origin]} message={directMessage?.origin === origin ? directMessage.text : undefined} save={saveDirectAddress} remove={removeDirectAddress} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
