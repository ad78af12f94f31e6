import type { Responder } from '../classify/responder';
import type { Cause, CauseId } from './cause';
import type { Check } from './check';
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

/** Every cause the extension can name. Adding a cause means adding its file and one line here. */
export const CATALOG: readonly Cause[] = [
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
];

const BY_ID = new Map<CauseId, Cause>(CATALOG.map((cause) => [cause.id, cause]));

export function causeById(id: CauseId): Cause {
  const cause = BY_ID.get(id);
  if (!cause) throw new Error(`Unknown cause id: ${id}`);
  return cause;
}

/** The cause's checks for the proxy that answered; checks meant for another proxy are left out. */
export function checksFor(id: CauseId, responder: Responder): Check[] {
  return causeById(id).checks.filter((check) => !check.only || check.only.includes(responder));
}
