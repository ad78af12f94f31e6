import { KIND_LABELS, SITE_DATA_KINDS, type ClearPlan, type SiteDataKind } from './clear-plan';
import { isPlainObject } from '../plain-object';
import { visibleText, visibleTextWithin } from '../visible-text';

/**
 * What "Clear site data" reports, from what was found afterwards. Pure. The rule: a kind is "cleared"
 * only when it was asked for and then looked at and found empty; what could not be looked at is "not
 * checked", with the reason, never "cleared".
 */

/** A list read in the page: names, or the error the page's API threw, or null when the page has no such API. */
export type Listing = string[] | { error: string } | null;

/** What `readPageSiteData` (run in a tab of the origin) returns. */
export interface PageSiteData {
  /** Cache Storage and service workers exist only in secure contexts (https, localhost, 127.0.0.1). */
  secureContext: boolean;
  localStorage: Listing;
  indexedDB: Listing;
  cacheStorage: Listing;
  serviceWorkers: Listing;
}

/** What a page's error may say in the report: a sentence, not a page of text. */
const MAX_PAGE_ERROR = 300;

/**
 * A list as the page answered it, checked and made visible (../visible-text.ts): the listing runs in
 * the page's own world (../actions/clear-site-data.ts), whose script can answer anything, and its names
 * (a storage key, a cache's name) are the page's own text.
 */
function checkedListing(value: unknown): Listing {
  if (value === null) return null;
  if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return value.map((name: string) => visibleText(name));
  if (isPlainObject(value) && typeof value.error === 'string') return { error: visibleTextWithin(value.error, MAX_PAGE_ERROR) };
  return { error: 'the page answered something other than a list of names' };
}

/** What `readPageSiteData` returned, checked field by field; undefined when it is not that at all. */
export function checkedPageSiteData(value: unknown): PageSiteData | undefined {
  if (!isPlainObject(value) || typeof value.secureContext !== 'boolean') return undefined;
  return {
    secureContext: value.secureContext,
    localStorage: checkedListing(value.localStorage),
    indexedDB: checkedListing(value.indexedDB),
    cacheStorage: checkedListing(value.cacheStorage),
    serviceWorkers: checkedListing(value.serviceWorkers),
  };
}

export type PageProbe = { state: 'read'; data: PageSiteData; url: string } | { state: 'no-tab' } | { state: 'no-access' } | { state: 'failed'; error: string };
export type CookieProbe = { state: 'read'; names: string[] } | { state: 'no-access' } | { state: 'failed'; error: string };

export interface Findings {
  cookies: CookieProbe;
  /** `page` is read after what the plan clears in the page (`inPage`) was cleared there. */
  page: PageProbe;
  /** browsingData.remove rejected: its message. */
  refused?: string;
  /** The kinds of the removals that rejected: found empty, they were not cleared, merely empty. */
  refusedKinds?: SiteDataKind[];
}

/**
 * `not-cleared`: asked for, but this browser could clear it only from inside a tab of the site, and
 * none could be used (Firefox's Cache Storage without an open tab, or without access): it is still
 * there as far as anyone knows. Reported as `not-checked`, the result read "complete" (a review).
 */
export type KindStatus = 'cleared' | 'none' | 'still-there' | 'not-checked' | 'not-cleared';

export interface KindReport {
  kind: SiteDataKind;
  label: string;
  status: KindStatus;
  /** Plain words: what was found, or why it was not looked at. */
  detail: string;
  /** Names of what is left (cookie names, storage keys, database, cache names, worker scopes). */
  left: string[];
}

const PAGE_KINDS = ['localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers'] as const;
type PageKind = (typeof PAGE_KINDS)[number];

const NO_ACCESS_REASON = 'Immich Doctor no longer has access to this site (it was removed in the browser), so it could not look. Grant access again to check.';
// Each reason completes "Asked to be cleared, but …" or "Not cleared, and …".

function pageReason(page: Exclude<PageProbe, { state: 'read' }>): string {
  if (page.state === 'no-access') return NO_ACCESS_REASON;
  return page.state === 'no-tab'
    ? 'no tab of this site was open to look in. Open the site and clear again to see what is left.'
    : `the open tab of this site could not be looked into: ${page.error}`;
}

function listed(left: string[]): string {
  const shown = left.slice(0, 3).join(', ');
  return left.length > 3 ? `${shown} and ${left.length - 3} more` : shown;
}

/**
 * Found empty or not empty: the status depends on whether the kind was asked for, and whether the
 * browser accepted the removal that asked for it. A refused removal cleared nothing: what is found
 * empty afterwards was empty before, so it is "none", never "cleared".
 */
function fromList(kind: SiteDataKind, asked: boolean, left: string[], why: string | undefined, refused: boolean): KindReport {
  const label = KIND_LABELS[kind];
  if (left.length > 0) {
    const reason = !asked ? `Not cleared (${why ?? 'not asked'})` : refused ? 'The browser refused to clear it' : 'The browser did not remove it';
    return { kind, label, status: 'still-there', detail: `${reason}: ${listed(left)}.`, left };
  }
  if (asked && refused) return { kind, label, status: 'none', detail: 'Nothing stored; the browser refused to clear it.', left };
  return asked ? { kind, label, status: 'cleared', detail: 'Nothing is left.', left } : { kind, label, status: 'none', detail: `Nothing stored, so nothing to clear${why ? ` (not cleared: ${why})` : ''}.`, left };
}

const refusedKind = (findings: Findings, kind: SiteDataKind): boolean => findings.refusedKinds?.includes(kind) ?? false;

function notChecked(kind: SiteDataKind, asked: boolean, reason: string): KindReport {
  const intent = asked ? 'Asked to be cleared, but' : 'Not cleared, and';
  return { kind, label: KIND_LABELS[kind], status: 'not-checked', detail: `${intent} ${reason}`, left: [] };
}

function pageKind(kind: PageKind, asked: boolean, inPage: boolean, why: string | undefined, findings: Findings): KindReport {
  const { page } = findings;
  if (page.state !== 'read') {
    if (!inPage) return notChecked(kind, asked, pageReason(page));
    // Removed from inside the tab: without a tab (or access to it) it was neither removed nor looked at.
    const reasons = {
      'no-tab': 'no tab of this site was open: this browser can clear it only from there.',
      'no-access': 'Immich Doctor no longer has access to this site, and this browser can clear it only from inside a tab of the site.',
      failed: `the open tab of this site could not be scripted: ${page.state === 'failed' ? page.error : ''}`,
    };
    const reason = reasons[page.state];
    return { kind, label: KIND_LABELS[kind], status: 'not-cleared', detail: `Not cleared, and ${reason}`, left: [] };
  }
  const listing = page.data[kind];
  if (listing === null) {
    // Without the API the page cannot have stored anything of this kind.
    if ((kind === 'cacheStorage' || kind === 'serviceWorkers') && !page.data.secureContext) {
      return { kind, label: KIND_LABELS[kind], status: 'none', detail: 'None: browsers keep this only for https sites (and localhost), so this site cannot have any.', left: [] };
    }
    return notChecked(kind, asked, 'this browser cannot list it from a page.');
  }
  if (!Array.isArray(listing)) return notChecked(kind, asked, `the page could not list it: ${listing.error}`);
  return fromList(kind, asked, listing, why, refusedKind(findings, kind));
}

function cookieKind(asked: boolean, why: string | undefined, findings: Findings): KindReport {
  const { cookies } = findings;
  if (cookies.state === 'no-access') return notChecked('cookies', asked, NO_ACCESS_REASON);
  if (cookies.state === 'failed') return notChecked('cookies', asked, `the browser would not list them: ${cookies.error}`);
  return fromList('cookies', asked, cookies.names, why, refusedKind(findings, 'cookies'));
}

export function reportClear(plan: ClearPlan, findings: Findings): KindReport[] {
  return SITE_DATA_KINDS.map((kind) => {
    const asked = plan.asked.includes(kind);
    const why = plan.notAsked.find((entry) => entry.kind === kind)?.why;
    if (kind === 'cookies') return cookieKind(asked, why, findings);
    if (kind === 'cache') {
      // No extension API and no page API can list what the HTTP cache holds for a site.
      return asked ? notChecked(kind, true, 'no browser lets an extension look into its HTTP cache.') : notChecked(kind, false, `not looked at: ${why ?? 'not asked'}.`);
    }
    return pageKind(kind, asked, plan.inPage.includes(kind), why, findings);
  });
}

/** The one line above the list. */
export function clearSummary(kinds: KindReport[], findings: Pick<Findings, 'refused'>): string {
  const left = kinds.filter((kind) => kind.status === 'still-there').map((kind) => kind.label);
  const notCleared = kinds.filter((kind) => kind.status === 'not-cleared').map((kind) => kind.label);
  const unchecked = kinds.filter((kind) => kind.status === 'not-checked').length;
  const refused = findings.refused ? `The browser refused part of the clearing: ${findings.refused}. ` : '';
  const remaining = [
    left.length > 0 ? `${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} still there` : '',
    notCleared.length > 0 ? `${notCleared.join(', ')} could not be cleared` : '',
  ].filter(Boolean);
  if (remaining.length > 0) return `${refused}Not everything is gone: ${remaining.join('; ')}.`;
  return `${refused}Nothing checked is left${unchecked ? `; ${unchecked} kind${unchecked === 1 ? '' : 's'} of data could not be checked` : ''}.`;
}
