import type { RequestRecord } from '../classify/classify-request';
import type { OutcomeKey } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { CATALOG } from './catalog';
import type { Check } from './check';
import type { LogView } from './log-view';

/** Public contract: tests, exports and the popup's `data-cause` use these ids. Never rename one. Derived from the catalog. */
export type CauseId = (typeof CATALOG)[number]['id'];

/** Where in the stack the cause sits, from the browser to the disk. */
export const LAYERS = ['client', 'network', 'proxy', 'server', 'storage', 'jobs', 'auth'] as const;
export type Layer = (typeof LAYERS)[number];

/** How much of what the user sees a diagnosis's failures take (severity.ts): `critical` most of it, `warning` part or a feature, `info` nothing visible. */
export type Severity = 'critical' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

/**
 * What a step changes. `nothing`: it only looks (a list, a log, a page). `browser`: this browser's login
 * or stored data. `config`: a proxy or Immich setting, a reload. `data`: work on the server (a job, an
 * upgrade). Every cause lists its steps from the gentlest up (a test holds the catalog to it). A list,
 * as the other names here, for the popup's reading of a stored step (../state/summary.ts).
 */
export const CHANGES = ['nothing', 'browser', 'config', 'data'] as const;
export type Changes = (typeof CHANGES)[number];

/** Which media a storage failure hits: the generated thumbnails, the user's originals, or both. */
export const MEDIA_SCOPES = ['thumbnails', 'originals', 'all'] as const;
export type MediaScope = (typeof MEDIA_SCOPES)[number];

/** What the extension itself can do about a cause, offered beside the diagnosis (e.g. the popup's Clear site data). */
export const REMEDIES = ['clear-site-data'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** Whether a value read back from storage or a file is one of these names (a diagnosis's layer, scope…). */
export function isOneOf<T extends string>(names: readonly T[], value: unknown): value is T {
  return (names as readonly unknown[]).includes(value);
}

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

/** A cause as its file declares it. The ranking (rank.ts) reads `stopsSite` and `failsWithSite`; causes never read each other. */
export interface CauseDefinition<Id extends string = string> {
  id: Id;
  title: string;
  /** One line for the README's cause table (written by `npm run docs:causes`). */
  summary: string;
  layer: Layer;
  /** A plain explanation for someone who runs Immich but is not a network engineer. */
  explanation: string;
  /** Ordered checks and fixes, safest first; the engine keeps those that fit the responder, scope and version. */
  checks: readonly Check[];
  remedies?: readonly Remedy[];
  /** Nothing of the site works while this cause holds (Immich down, refused, redirected to a login…). */
  stopsSite?: boolean;
  /** These requests also fail whenever the whole site fails (the app's WebSocket): then they are a consequence. */
  failsWithSite?: boolean;
  detect(view: LogView): Detection | undefined;
}

/** Declares a cause; the id stays a literal type, so the catalog's ids make `CauseId`. */
export function defineCause<const Id extends string>(cause: CauseDefinition<Id>): CauseDefinition<Id> {
  return cause;
}

/** The common detector: the cause is present when any of its filters selects a request. */
export function whenAnySeen(filters: readonly RequestFilter[], strength: number, healthyKinds?: readonly RequestKind[]): CauseDefinition['detect'] {
  return (view) => {
    const matched = filters.filter((filter) => view.has(filter));
    return matched.length === 0 ? undefined : { matched, strength, healthyKinds };
  };
}
