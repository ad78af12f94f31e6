/**
 * Secrets the lab plants so that tests can prove no export leaks them: the credentials the web app
 * sends with `?secrets=1` (tests/lab/app/entry/app.js: a share key on thumbnails, an API key and a
 * bearer token on /api/server/about, a shared link's and a slug's page, an OAuth return, a key with a
 * percent-encoded name), the session cookies' values and the lab's API keys (immich-server.ts: the
 * options page's key for *Run checks* must reach no export either).
 */
export const PLANTED_SECRETS = [
  'PLANTED-API-KEY-7f3a9b',
  'PLANTED-SHARE-KEY-2c8d1e',
  'PLANTED-BEARER-TOKEN-9e4f0a',
  'PLANTED-SHARE-PATH-3b7c5a',
  'PLANTED-SLUG-5d1e8b',
  'PLANTED-OAUTH-CODE-8a2f6d',
  'PLANTED-OAUTH-STATE-4c6b2e',
  'PLANTED-ENCODED-KEY-1f9d3c',
  'lab-session-token',
  'lab-member-session-token',
  'lab-admin-api-key-0001',
  'lab-member-api-key-0002',
] as const;
