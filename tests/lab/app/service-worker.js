// Immich's web service worker (web/src/service-worker/index.ts, v2.6+): it intercepts same-origin GETs of
// asset thumbnails and originals and fetches them itself (de-duplication, no cache). In Chrome these
// fetches reach webRequest with tabId -1. Cancelled loads resolve to an empty 204.
const ASSET_REQUEST = /^\/api\/assets\/[a-f0-9-]+\/(original|thumbnail)/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !ASSET_REQUEST.test(url.pathname)) return;
  event.respondWith(
    fetch(event.request).catch((error) => {
      if (error && error.name === 'AbortError') return new Response(null, { status: 204 });
      throw error;
    }),
  );
});
