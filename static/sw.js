// bertlab's service worker: after the first visit the app starts and works with the network off.
// The page (index.html) is fetched network-first, so a new build is picked up on the next online
// load; everything else (wasm, JS, CSS, corpora, the shipped model) comes from the cache first.
// Checkpoints downloaded from other sites are kept by the app itself (Cache Storage,
// "bertlab-checkpoints-v1"), which this worker leaves alone.
// Stamped at build time with a hash of the SHIPPED files (scripts/sw-cache-name.mjs), so a new
// model or corpus under the same name reaches returning learners.
const CACHE = 'bertlab-app';
const KEEP = [CACHE, 'bertlab-checkpoints-v1'];
// Every corpus and shipped-model file (app/e2e/offline-files.test.mjs checks this against dist/),
// relative to this worker, which sits at the site's root: the site may be served from a folder.
const SHIPPED = [
  './',
  'manifest.webmanifest',
  'compute-worker.js',
  'corpora/toy-world.txt',
  'corpora/toy-world-heldout.txt',
  'corpora/polysemy.txt',
  'corpora/explanations.txt',
  'corpora/korean.txt',
  'corpora/topics-train.tsv',
  'corpora/topics-test.tsv',
  'corpora/toy-world-ko.txt',
  'corpora/toy-world-ko-heldout.txt',
  'corpora/polysemy-ko.txt',
  'corpora/topics-ko-train.tsv',
  'corpora/topics-ko-test.tsv',
  'models/bertlab-tiny-toy-world/config.json',
  'models/bertlab-tiny-toy-world/model.safetensors',
  'models/bertlab-tiny-toy-world/vocab.txt',
  'models/bertlab-tiny-toy-world/tokenizer_config.json',
  'models/bertlab-tiny-ko/config.json',
  'models/bertlab-tiny-ko/model.safetensors',
  'models/bertlab-tiny-ko/vocab.txt',
  'models/bertlab-tiny-ko/tokenizer_config.json',
];

// The site's root (this worker's folder), e.g. https://host/ or https://host/bertlab/.
const ROOT = new URL('./', self.location).href;
const inSite = (path) => new URL(path, ROOT).href;

// The build's hashed files, as the page links them (trunk names them after their contents).
async function linkedAssets() {
  const html = await (await fetch(ROOT, { cache: 'no-store' })).text();
  const found = [...html.matchAll(/(?:href|src)="([^"#:]+)"/g)].map((m) => inSite(m[1]));
  return [...new Set(found)];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // addAll refuses a list with the same address twice.
    await cache.addAll([...new Set([...SHIPPED.map(inSite), ...(await linkedAssets())])]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!KEEP.includes(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageNetworkFirst(request));
  } else if (url.href !== inSite('sw.js')) {
    event.respondWith(cacheFirst(request));
  }
});

// Every route is the same single page.
async function pageNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(ROOT, response.clone());
      // A new build links new files: fetch them now, while online.
      linkedAssets().then((assets) => cache.addAll(assets)).catch(() => {});
    }
    return response;
  } catch (error) {
    return (await cache.match(ROOT)) ?? Response.error();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}
