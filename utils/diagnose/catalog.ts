import type { CauseDefinition, CauseId } from './cause';
import { assetNotAccessible } from './causes/asset-not-accessible';
import { authGatewayRedirect } from './causes/auth-gateway-redirect';
import { blockedByClient } from './causes/blocked-by-client';
import { connectionRefused } from './causes/connection-refused';
import { diskFull } from './causes/disk-full';
import { dnsFailure } from './causes/dns-failure';
import { htmlInsteadOfMedia } from './causes/html-instead-of-media';
import { jobsFailing } from './causes/jobs-failing';
import { maintenanceMode } from './causes/maintenance-mode';
import { mediaFileUnreadable } from './causes/media-file-unreadable';
import { mixedContent } from './causes/mixed-content';
import { networkUnreachable } from './causes/network-unreachable';
import { proxyBodyTooLarge } from './causes/proxy-body-too-large';
import { proxyForbidden } from './causes/proxy-forbidden';
import { proxyTimeout } from './causes/proxy-timeout';
import { serverError } from './causes/server-error';
import { sessionExpired } from './causes/session-expired';
import { staleWebApp } from './causes/stale-web-app';
import { thumbnailNotGenerated } from './causes/thumbnail-not-generated';
import { tlsError } from './causes/tls-error';
import { upstreamUnreachable } from './causes/upstream-unreachable';
import { websocketBlocked } from './causes/websocket-blocked';

/**
 * Every cause the extension can name: adding one is its file and one line here (`CauseId` follows;
 * `npm run docs:causes` rewrites the README table and the log schema's enum from this list). The order
 * is the docs' reading order only: the ranking never reads it (rank.ts).
 */
export const CATALOG = [
  thumbnailNotGenerated,
  mediaFileUnreadable,
  assetNotAccessible,
  sessionExpired,
  proxyForbidden,
  proxyBodyTooLarge,
  upstreamUnreachable,
  proxyTimeout,
  serverError,
  websocketBlocked,
  tlsError,
  dnsFailure,
  connectionRefused,
  networkUnreachable,
  blockedByClient,
  mixedContent,
  authGatewayRedirect,
  htmlInsteadOfMedia,
  staleWebApp,
  maintenanceMode,
  diskFull,
  jobsFailing,
] as const;

export function causeById(id: CauseId): CauseDefinition<CauseId> {
  const cause = CATALOG.find((candidate) => candidate.id === id);
  if (!cause) throw new Error(`Unknown cause id: ${id}`);
  return cause;
}
