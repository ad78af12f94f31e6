import { classify, type RequestFacts } from '../classify/classify-request';
import { isFailure, type OutcomeKey } from '../classify/outcome';
import { readHeaders, type HeaderList } from '../classify/headers';
import { IMMICH_ROUTE_KINDS } from '../classify/request-kind';
import { createLog, DEFAULT_RECORD_LIMIT, recordFacts, setRecordLimit, type RequestLog } from '../log/request-log';
import { mixedContentPage, originOf } from '../origins/origin';
import { createValueReader, MAX_SERVER_CHECKS_CHARS } from './export-fields';
import { harEntryRequest } from './har-entry';
import type { JsonPath, JsonScalar } from './json-walk';

/**
 * The HAR side of the import: `$.log.entries.*`, one entry at a time, keeping only the fields
 * harEntryRequest reads (a response body in `content.text` is never kept), each entry classified and
 * counted into its origin's bounded log as soon as it closes.
 */

/** `$.log.entries.<index>`: the path of an entry, the depth its fields start below. */
const ENTRY_DEPTH = 3;

/**
 * A kept string longer than this is read as missing (its entry is skipped and counted if that was the
 * URL): nginx answers 414 to a request line over 8 KB (large_client_header_buffers 4 8k, its default),
 * so no longer URL reaches Immich behind it; and a header value is cut at 512 anyway.
 */
export const MAX_KEPT_CHARS = 8 * 1024;

/** The fields of an entry, a request and a response that harEntryRequest reads. */
const ENTRY_FIELDS = new Set(['startedDateTime', '_resourceType', '_error']);
const REQUEST_FIELDS = new Set(['url', 'method']);
const RESPONSE_FIELDS = new Set(['status', '_error', '_failureText', 'redirectURL']);

type Fields = Record<string, JsonScalar | undefined>;

/**
 * The most sites one HAR's logs are kept for. A browser's HAR of an Immich tab names a few (Immich, a
 * login portal, a map's tiles); each kept log holds up to a record limit of failures, so a file naming
 * thousands of hosts grew memory with each (a review: 40,000 hosts in 2.8 MB took 39 MB).
 */
export const MAX_HAR_SITES = 50;

/**
 * The failure records all the sites followed keep between them: the default record limit each for up
 * to five sites (a browser's HAR of an Immich tab names fewer), fewer each past that. Each site's own,
 * 2,000 records of up to 2 KB of path and route, held 361 MB in a crafted 220 MB HAR of 50 sites (a
 * review). The counts stay exact; a site's older records beyond its share are counted as dropped.
 */
export const HAR_RECORD_BUDGET = 5 * DEFAULT_RECORD_LIMIT;

export interface HarImport {
  entries: number;
  /** `log.version` was seen: a HAR, even one without entries. */
  isHar: boolean;
  skipped: number;
  /** Entries of sites beyond the MAX_HAR_SITES followed (`letSiteGo`): not read. */
  notFollowed: number;
  logs: Map<string, RequestLog>;
  immichAnswers: Map<string, number>;
  /** Immich Doctor's own HAR: `log._immichDoctor.serverChecks` as read (./export-fields.ts), its `immichVersion`… */
  serverChecks: () => { value: unknown } | undefined;
  immichVersion?: JsonScalar;
  /** …and what its log counted (`counted.requests`, `counted.failed`), of which it holds a sample (../export/har.ts). */
  counted: { requests?: JsonScalar; failed?: JsonScalar };
}

/** `log._immichDoctor.<field>` (or below it): what this extension's HAR writes beside its entries. */
const isExportField = (path: JsonPath, field: string) => path[0] === 'log' && path[1] === '_immichDoctor' && path[2] === field;

export function isHarEntryPath(path: JsonPath): boolean {
  return path[0] === 'log' && path[1] === 'entries' && path.length >= ENTRY_DEPTH;
}

/** A scalar the readers keep: strings only up to MAX_KEPT_CHARS. */
export function keptValue(value: JsonScalar): JsonScalar | undefined {
  return typeof value === 'string' && value.length > MAX_KEPT_CHARS ? undefined : value;
}

const isRedirect = (outcome: unknown) => outcome === 'redirect' || outcome === 'redirect-away';

/**
 * A redirect's judgement as this extension wrote it beside the entry: whether a redirect stays with
 * Immich depends on its target's scheme, port and path (../classify/outcome.ts), and its HAR names the
 * target's host only, so judged again it read Immich's own `size=fullsize` redirect as leaving for a
 * login gateway (a review). Only for a redirect, the entry's status a 3xx: anything else is judged afresh.
 */
function judgedRedirect(facts: RequestFacts, writtenOutcome: JsonScalar | undefined): void {
  const { key: judged, status = 0 } = facts.outcome;
  // A 3xx whose target has no host at all (an app's own scheme) was written without one: judged afresh, it had no redirect.
  if (!isRedirect(writtenOutcome) || writtenOutcome === judged || !(isRedirect(judged) || (status >= 300 && status < 400))) return;
  const key = writtenOutcome as OutcomeKey;
  facts.outcome = { ...facts.outcome, key, failure: isFailure(facts.kind, key) };
}

export function createHarReader(origin: string | undefined, now: number) {
  const checks = createValueReader(MAX_SERVER_CHECKS_CHARS);
  const read: HarImport = { entries: 0, isHar: false, skipped: 0, notFollowed: 0, logs: new Map(), immichAnswers: new Map(), serverChecks: checks.read, counted: {} };
  let entry: Fields = {};
  let request: Fields = {};
  let response: Fields = {};
  /** Chrome's `_initiator.url`: what made the request (an https page's http request is mixed content). */
  let initiator: Fields = {};
  /** This extension's own `_immichDoctor.outcome`, beside an entry it wrote (../export/har.ts). */
  let written: Fields = {};
  /** The response headers classify reads: the first of each known name, and the first at all (`any`). */
  let headers: Array<{ name: string; value?: string }> | undefined;
  let header: Fields = {};
  /** Sites asked Immich's own routes (`IMMICH_ROUTE_KINDS`): what `letSiteGo` keeps over others. */
  const immichRouteRequests = new Set<string>();

  /** Keeps a header only if it tells classify something the kept ones do not: at most one per known name. */
  function keepHeader(): void {
    const { name, value } = header;
    header = {};
    if (typeof name !== 'string') return;
    const candidate = { name, value: typeof value === 'string' ? value : undefined };
    headers ??= [];
    const known = readHeaders(headers);
    const adds = Object.entries(readHeaders([candidate])).some(([field, text]) => field !== 'any' && text !== undefined && known[field as keyof typeof known] === undefined);
    if (headers.length === 0 || adds) headers.push(candidate);
  }

  /**
   * How much a kept site looks like the file's Immich: 2 when Immich answered it, 1 when it was asked
   * Immich's routes (its thumbnails or API) that something else answered (a proxy's 502s during an
   * outage), 0 otherwise (map tiles, a login portal).
   */
  const immichLikeness = (site: string) => (read.immichAnswers.has(site) ? 2 : immichRouteRequests.has(site) ? 1 : 0);

  /**
   * Makes room for another site once MAX_HAR_SITES are kept: of the sites Immich never answered, the
   * least like Immich with the fewest requests goes (the file's Immich, whenever it comes, is kept over
   * them; its outage, all proxy errors, over map tiles: found by a review), its entries counted as not
   * followed. False when every kept site is Immich's: the new one's entry is not followed.
   */
  function letSiteGo(): boolean {
    let least: RequestLog | undefined;
    for (const [site, log] of read.logs) {
      if (read.immichAnswers.has(site)) continue;
      if (!least || immichLikeness(site) < immichLikeness(least.origin) || (immichLikeness(site) === immichLikeness(least.origin) && log.total < least.total)) least = log;
    }
    if (!least) return false;
    read.notFollowed += least.total;
    read.logs.delete(least.origin);
    immichRouteRequests.delete(least.origin);
    return true;
  }

  /** Each site's record limit, its share of HAR_RECORD_BUDGET as the sites followed now are: it only shrinks. */
  function shareRecords(): void {
    const share = Math.min(DEFAULT_RECORD_LIMIT, Math.floor(HAR_RECORD_BUDGET / read.logs.size));
    for (const log of read.logs.values()) if (log.limit > share) setRecordLimit(log, share);
  }

  function finishEntry(): void {
    read.entries += 1;
    const raw = harEntryRequest({ ...entry, request, response: { ...response, headers: headers as HeaderList | undefined }, _initiator: initiator });
    const writtenOutcome = written.outcome;
    entry = {};
    request = {};
    response = {};
    initiator = {};
    written = {};
    headers = undefined;
    const result = raw ? classify(raw) : undefined;
    if (!raw || !result?.ok) {
      read.skipped += 1;
      return;
    }
    const { facts } = result;
    judgedRedirect(facts, writtenOutcome);
    // An https page's http request to its own address belongs to the page, as the recorder files it.
    const entryOrigin = mixedContentPage(facts.url.origin, originOf(raw.initiator)) ?? facts.url.origin;
    if (origin && entryOrigin !== origin) return;
    let log = read.logs.get(entryOrigin);
    if (!log) {
      if (read.logs.size >= MAX_HAR_SITES && !letSiteGo()) {
        read.notFollowed += 1;
        return;
      }
      read.logs.set(entryOrigin, (log = createLog(entryOrigin, facts.time ?? now)));
      shareRecords();
    }
    if (facts.time < log.since) log.since = facts.time;
    recordFacts(log, facts, raw);
    if (facts.responder === 'immich') read.immichAnswers.set(entryOrigin, (read.immichAnswers.get(entryOrigin) ?? 0) + 1);
    else if (IMMICH_ROUTE_KINDS.includes(facts.kind)) immichRouteRequests.add(entryOrigin);
  }

  return {
    read,
    scalar(path: JsonPath, value: JsonScalar): void {
      if (path.length === 2 && path[0] === 'log' && path[1] === 'version') read.isHar = true;
      if (isExportField(path, 'serverChecks')) checks.scalar(path.slice(3), value);
      else if (path.length === 3 && isExportField(path, 'immichVersion')) read.immichVersion = keptValue(value);
      else if (path.length === 4 && isExportField(path, 'counted') && (path[3] === 'requests' || path[3] === 'failed')) read.counted[path[3]] = value;
      if (!isHarEntryPath(path)) return;
      // An entry that is not an object (`"entry"`, `null`) is an entry without a URL: skipped, counted.
      if (path.length === ENTRY_DEPTH) return finishEntry();
      // Indexed, not sliced: this runs for every scalar of a file of hundreds of megabytes.
      const field = String(path[ENTRY_DEPTH]);
      const inner = String(path[ENTRY_DEPTH + 1]);
      const depth = path.length - ENTRY_DEPTH;
      if (depth === 1 && ENTRY_FIELDS.has(field)) entry[field] = keptValue(value);
      else if (depth === 2 && field === 'request' && REQUEST_FIELDS.has(inner)) request[inner] = keptValue(value);
      else if (depth === 2 && field === 'response' && RESPONSE_FIELDS.has(inner)) response[inner] = keptValue(value);
      else if (depth === 2 && field === '_initiator' && inner === 'url') initiator.url = keptValue(value);
      else if (depth === 2 && field === '_immichDoctor' && inner === 'outcome') written.outcome = keptValue(value);
      else if (depth === 4 && field === 'response' && inner === 'headers' && typeof path[ENTRY_DEPTH + 2] === 'number') {
        const part = path[ENTRY_DEPTH + 3];
        if (part === 'name' || part === 'value') header[part] = keptValue(value);
      }
    },
    close(path: JsonPath): void {
      if (isExportField(path, 'serverChecks')) checks.close(path.slice(3));
      if (!isHarEntryPath(path)) return;
      if (path.length === ENTRY_DEPTH) finishEntry();
      else if (path.length === ENTRY_DEPTH + 2 && path[ENTRY_DEPTH] === 'response' && path[ENTRY_DEPTH + 1] === 'headers') headers ??= [];
      else if (path.length === ENTRY_DEPTH + 3 && path[ENTRY_DEPTH] === 'response' && path[ENTRY_DEPTH + 1] === 'headers') keepHeader();
    },
  };
}
