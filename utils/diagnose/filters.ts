import { isFailure, type OutcomeKey } from '../classify/outcome';
import { GENERATED_IMAGE_KINDS } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { RequestFilter } from './cause';

/** Outcome predicates the causes share. */
export const outcomes = {
  status:
    (...codes: number[]) =>
    (key: OutcomeKey) =>
      codes.some((code) => key === `http-${code}`),
  serverErrors: (key: OutcomeKey) => /^http-5\d\d$/.test(key),
  network:
    (...errors: string[]) =>
    (key: OutcomeKey) =>
      errors.some((error) => key === `net-${error}`),
  is:
    (...keys: OutcomeKey[]) =>
    (key: OutcomeKey) =>
      keys.includes(key),
  /** Any failure of a kind whose every failure counts (not `page`, whose redirect away is no failure). */
  anyFailure: (key: OutcomeKey) => isFailure('api', key),
};

export const responders = {
  immich: (responder: Responder) => responder === 'immich',
  notImmich: (responder: Responder) => responder !== 'immich',
  any: () => true,
};

/**
 * Filters that more than one cause reads as its own evidence. Sharing a filter is not sharing a
 * verdict: which cause the requests point to is the ranking's decision (rank.ts).
 */
export const filters = {
  /** Immich answers 404 "Asset media not found" when the database has no thumbnail path (immich.md §3, row 40). */
  missingGeneratedImages: { kinds: GENERATED_IMAGE_KINDS, outcome: outcomes.status(404), responder: responders.immich },
  /** The routes that read the media volume's statistics: they fail with the volume (immich.md, "How the real web app behaves"). */
  storageReport: (request: { route?: string }) => request.route === 'server/storage' || request.route === 'server-info',
} satisfies Record<string, RequestFilter | ((request: { route?: string }) => boolean)>;
