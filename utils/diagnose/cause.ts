import type { RequestRecord } from '../classify/classify-request';
import type { OutcomeKey } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { Check } from './check';
import type { LogView } from './log-view';

/** Public contract: tests, exports and the popup's `data-cause` use these ids. Never rename one. */
export type CauseId =
  | 'thumbnail-not-generated'
  | 'media-file-unreadable'
  | 'asset-not-accessible'
  | 'session-expired'
  | 'proxy-forbidden'
  | 'proxy-body-too-large'
  | 'upstream-unreachable'
  | 'proxy-timeout'
  | 'server-error'
  | 'websocket-blocked'
  | 'tls-error'
  | 'dns-failure'
  | 'connection-refused'
  | 'network-unreachable'
  | 'blocked-by-client'
  | 'mixed-content'
  | 'auth-gateway-redirect'
  | 'html-instead-of-media'
  | 'stale-web-app'
  | 'maintenance-mode'
  | 'disk-full'
  | 'jobs-failing';

/** Where in the stack the cause sits, from the browser to the disk. */
export type Layer = 'client' | 'network' | 'proxy' | 'server' | 'storage' | 'jobs' | 'auth';

/** `critical`: nothing or most things fail; `warning`: part of the library or a feature fails; `info`: a nuisance. */
export type Severity = 'critical' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

/** Which media a storage failure hits: the generated thumbnails, the user's originals, or both. */
export type MediaScope = 'thumbnails' | 'originals' | 'all';

/**
 * Selects requests: by counters (kind × outcome × responder, exact over the whole log) or, when `where`
 * is given, from the bounded list of recent failure records (for facts the counters do not keep).
 */
export interface RequestFilter {
  kinds?: readonly RequestKind[];
  outcome?: (key: OutcomeKey) => boolean;
  responder?: (responder: Responder) => boolean;
  where?: (request: RequestRecord) => boolean;
}

/** What a cause's detector saw. The engine turns it into evidence and a confidence. */
export interface Detection {
  /** The failing requests this cause explains (a union of filters). */
  matched: readonly RequestFilter[];
  /** How strongly this pattern alone points at the cause, 0..1, before coverage and sample size. */
  strength: number;
  /** Kinds whose successes speak against the alternatives ("originals load fine: 12/12"). */
  healthyKinds?: readonly RequestKind[];
  scope?: MediaScope;
}

export interface Cause {
  id: CauseId;
  title: string;
  layer: Layer;
  severity: Severity;
  /** A plain explanation for someone who runs Immich but is not a network engineer. */
  explanation: string;
  /** Ordered checks and fixes, safest first. */
  checks: readonly Check[];
  detect(view: LogView): Detection | undefined;
}

/** The common detector: the cause is present when any of its filters selects a request. */
export function whenAnySeen(filters: readonly RequestFilter[], strength: number, healthyKinds?: readonly RequestKind[]): Cause['detect'] {
  return (view) => {
    const matched = filters.filter((filter) => view.has(filter));
    return matched.length === 0 ? undefined : { matched, strength, healthyKinds };
  };
}
