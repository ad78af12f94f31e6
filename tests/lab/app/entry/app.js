// A stand-in for Immich's web timeline (v2.7.5): the same requests, in the same order, with the same URL
// shapes (web/src/lib/utils.ts). Options come from the page's query string:
//   viewer=1  open the first image in the viewer (preview, then the original as when zooming)
//   video=1   play the first video (a range request)
//   originals=all  once the thumbnails have loaded, ask every image's original, one after another
//             and each once, as a user flipping through the viewer and zooming in would (the viewer
//             asks an original only then: immich.md "How the real v2.7.5 web app behaves");
//             viewer[data-originals-failed] counts those that failed
//   upload=N  upload an N-byte file as POST /api/assets (multipart, field assetData)
//   sw=0      do not register the service worker
//   secrets=1 also send credentials as Immich clients may: ?apiKey=, ?key= on thumbnails, an
//             Authorization header (tests prove none of it reaches an export)
//   refresh=MS once loaded, stay open like a tab in use: every MS ms, scroll on (the time buckets, the
//             bucket, the albums, every thumbnail under a new cache key and, with viewer=1, the
//             original), and reconnect the socket 500 ms after it closes, as socket.io-client does.
//             body[data-rounds] counts the rounds, body[data-failed-rounds] those where anything
//             failed, body[data-socket-retries] the reconnect attempts. After 3 failed rounds (and 2
//             failed reconnects, once the socket has dropped) it stops: body[data-live="ended"].
const params = new URLSearchParams(location.search);
const statusEl = document.getElementById('status');
const pending = [];

function load(img, src) {
  pending.push(new Promise((resolve) => { img.onload = img.onerror = resolve; }));
  img.src = src;
}

const PLANTED = {
  apiKey: 'PLANTED-API-KEY-7f3a9b',
  shareKey: 'PLANTED-SHARE-KEY-2c8d1e',
  bearer: 'PLANTED-BEARER-TOKEN-9e4f0a',
  sharePath: 'PLANTED-SHARE-PATH-3b7c5a',
  slug: 'PLANTED-SLUG-5d1e8b',
  oauthCode: 'PLANTED-OAUTH-CODE-8a2f6d',
  oauthState: 'PLANTED-OAUTH-STATE-4c6b2e',
  encodedKey: 'PLANTED-ENCODED-KEY-1f9d3c',
};
const planting = params.get('secrets') === '1';
const thumbnailUrl = (id, size) =>
  `/api/assets/${id}/thumbnail?${planting ? `key=${PLANTED.shareKey}&` : ''}size=${size}&c=${encodeURIComponent(btoa(id.slice(0, 8)))}&edited=true`;
const originalUrl = (id) => `/api/assets/${id}/original?edited=true`;

function openSocket(onClose) {
  // socket.io-client with transports:['websocket'] and path /api/socket.io (websocket.ts).
  return new Promise((resolve) => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/socket.io/?EIO=4&transport=websocket`);
    const label = document.getElementById('socket');
    const timer = setTimeout(() => resolve('timeout'), 3000);
    socket.onmessage = () => { label.textContent = 'socket: connected'; clearTimeout(timer); resolve('open'); };
    socket.onerror = () => { label.textContent = 'socket: failed'; clearTimeout(timer); resolve('error'); };
    if (onClose) socket.onclose = () => { label.textContent = 'socket: closed'; clearTimeout(timer); resolve('closed'); onClose(); };
  });
}

/** Resolves true when an API call answered 2xx JSON (a gateway's login page is not the answer). */
async function apiOk(path) {
  try {
    const response = await fetch(path);
    return response.ok && (response.headers.get('content-type') ?? '').startsWith('application/json');
  } catch {
    return false;
  }
}

function imageOk(src) {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(true);
    img.onerror = () => resolve(false);
    img.src = src;
  });
}

/** The `refresh` option: the tab stays in use after loading (see the top of this file). */
function stayOpen(intervalMs, ids, firstImage) {
  const body = document.body;
  const live = { on: true, rounds: 0, failedRounds: 0, retries: 0, failedRetries: 0, dropped: false };
  const show = () => {
    Object.assign(body.dataset, { rounds: live.rounds, failedRounds: live.failedRounds, socketRetries: live.retries });
    if (live.failedRounds >= 3 && (!live.dropped || live.failedRetries >= 2)) {
      live.on = false;
      body.dataset.live = 'ended';
    }
  };
  // socket.io-client's reconnection (reconnectionDelay 1000 ms by default; shorter here to keep tests short).
  const reconnect = () => {
    live.dropped = true;
    if (!live.on) return;
    setTimeout(async () => {
      if (!live.on) return;
      live.retries += 1;
      const result = await openSocket(reconnect);
      if (result !== 'open') live.failedRetries += 1;
      show();
    }, 500);
  };
  const round = async () => {
    if (!live.on) return;
    const n = ++live.rounds;
    const results = await Promise.all([
      apiOk('/api/timeline/buckets?visibility=timeline'),
      apiOk('/api/timeline/bucket?timeBucket=2026-11-01T00%3A00%3A00.000Z'),
      apiOk('/api/albums'),
      ...ids.map((id) => imageOk(thumbnailUrl(id, 'thumbnail').replace('&edited=', `&r=${n}&edited=`))),
      ...(params.get('viewer') === '1' && firstImage ? [imageOk(`${originalUrl(firstImage)}&r=${n}`)] : []),
    ]);
    if (results.includes(false)) live.failedRounds += 1;
    show();
    if (live.on && live.rounds < 120) setTimeout(round, intervalMs);
  };
  body.dataset.live = 'on';
  show();
  setTimeout(round, intervalMs);
  return reconnect;
}

function upload(bytes) {
  const form = new FormData();
  form.append('deviceAssetId', `lab-${Date.now()}`);
  form.append('assetData', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'upload.jpg');
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/assets');
    xhr.onloadend = () => resolve(xhr.status);
    xhr.send(form);
  });
}

async function main() {
  if (params.get('sw') !== '0' && 'serviceWorker' in navigator) {
    await navigator.serviceWorker.register('/service-worker.js').catch(() => undefined);
  }
  const me = await fetch('/api/users/me');
  if (me.status === 401) {
    statusEl.textContent = 'Session expired: redirecting to login';
    document.body.dataset.state = 'done';
    return;
  }
  if (!me.ok) throw new Error(`users/me ${me.status}`);
  const user = await me.json();
  if (user.profileImagePath) load(document.getElementById('avatar'), `/api/users/${user.id}/profile-image?updatedAt=2026-11-01`);
  await fetch('/api/server/storage');
  if (planting) {
    await fetch(`/api/server/about?apiKey=${PLANTED.apiKey}&sessionKey=${PLANTED.bearer}`, { headers: { Authorization: `Bearer ${PLANTED.bearer}`, 'x-api-key': PLANTED.apiKey } });
  }
  const buckets = await (await fetch('/api/timeline/buckets?visibility=timeline')).json();
  const bucket = await (await fetch(`/api/timeline/bucket?timeBucket=${encodeURIComponent(buckets[0].timeBucket)}`)).json();
  const grid = document.getElementById('grid');
  for (const id of bucket.id) {
    const img = document.createElement('img');
    img.alt = id;
    grid.append(img);
    load(img, thumbnailUrl(id, 'thumbnail'));
  }
  // With refresh=, the socket reconnects when it closes (stayOpen's reconnect, bound once it exists).
  let onSocketClose;
  const socket = openSocket(params.has('refresh') ? () => onSocketClose?.() : undefined);
  const viewer = document.getElementById('viewer');
  const firstImage = bucket.id.find((_, index) => bucket.isImage[index]);
  const viewed = params.get('viewer') === '1' ? firstImage : undefined;
  if (viewed) {
    const preview = document.createElement('img');
    viewer.append(preview);
    load(preview, thumbnailUrl(viewed, 'preview'));
    const original = document.createElement('img');
    viewer.append(original);
    load(original, originalUrl(viewed));
  }
  const firstVideo = bucket.id.find((_, index) => !bucket.isImage[index]);
  if (params.get('video') === '1' && firstVideo) {
    const response = await fetch(`/api/assets/${firstVideo}/video/playback?c=x`, { headers: { Range: 'bytes=0-1023' } }).catch(() => undefined);
    viewer.dataset.video = String(response?.status ?? 'failed');
  }
  if (params.has('upload')) viewer.dataset.upload = String(await upload(Number(params.get('upload'))));
  await Promise.all(pending);
  if (params.get('originals') === 'all') {
    // The viewer's original is already asked (viewer=1): each original once.
    const images = bucket.id.filter((id, index) => bucket.isImage[index] && id !== viewed);
    let failed = 0;
    for (const id of images) if (!(await imageOk(originalUrl(id)))) failed += 1;
    viewer.dataset.originalsFailed = String(failed);
  }
  await socket;
  if (planting) {
    // Credentials in the web app's own addresses: a shared link's page, a slug's, an OAuth return, and
    // a key whose name is percent-encoded. Last, so that they are among the log's recent requests.
    await fetch(`/share/${PLANTED.sharePath}`);
    await fetch(`/s/${PLANTED.slug}`);
    await fetch(`/auth/login?code=${PLANTED.oauthCode}&state=${PLANTED.oauthState}`);
    await fetch(`/api/server/about?%6Bey=${PLANTED.encodedKey}`);
  }
  statusEl.textContent = 'Timeline loaded';
  if (params.has('refresh')) onSocketClose = stayOpen(Number(params.get('refresh')), bucket.id, firstImage);
  document.body.dataset.state = 'done';
}

main().catch((error) => {
  statusEl.textContent = `Error: ${error.message}`;
  document.body.dataset.state = 'done';
});
