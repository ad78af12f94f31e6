/**
 * Secrets the lab plants so that tests can prove no export leaks them: the credentials the web app
 * sends with `?secrets=1` (tests/lab/app/entry/app.js: a share key on thumbnails, an API key and a
 * bearer token on /api/server/about, a shared link's and a slug's page, an OAuth return, a key with a
 * percent-encoded name) and the session cookie's value (immich-server.ts).
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
] as const;
