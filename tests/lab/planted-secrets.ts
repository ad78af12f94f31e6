/**
 * Secrets the lab plants so that tests can prove no export leaks them: the credentials the web app
 * sends with `?secrets=1` (tests/lab/app/entry/app.js: a share key on thumbnails, an API key and a
 * bearer token on /api/server/about) and the session cookie's value (immich-server.ts).
 */
export const PLANTED_SECRETS = ['PLANTED-API-KEY-7f3a9b', 'PLANTED-SHARE-KEY-2c8d1e', 'PLANTED-BEARER-TOKEN-9e4f0a', 'lab-session-token'] as const;
