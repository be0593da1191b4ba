// Shared by the browser tests and the start-up benchmark: a static server for dist/ (with the
// same index.html fallback as `trunk serve`, so deep links work, and gzip like a real host) and
// Chromium launch settings.
import { createServer } from 'node:http';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const distDir = join(repoRoot, 'dist');
export const screenshotDir = join(repoRoot, 'target', 'e2e');
/** Every lesson's path, in the course's order (the app's own table is app/src/lessons/mod.rs;
 * classroom.test.mjs checks that the page's lesson list matches this one). */
export const lessonSlugs = ['why', 'contextual', 'architecture', 'tokens', 'embeddings', 'attention', 'pretrain', 'playground', 'finetune'];
const fixtureDir = join(repoRoot, 'app', 'e2e', 'fixtures');

const mime = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.safetensors': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
};

const compressible = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.txt', '.tsv', '.webmanifest']);

/**
 * Serves dist/ on 127.0.0.1 at a free port, and the test checkpoints of fixtures/ under
 * /e2e-fixtures/ (a missing fixture file is a 404, like a real server). Resolves to { url, close }.
 * With `folder` ('/bertlab/'), dist/ is served under that folder only, the way GitHub Pages
 * serves a project: nothing outside it, and a path it does not have answered with 404.html and
 * status 404 (no rewrite rules). `requests` then lists every path asked for.
 */
export async function serveDist({ folder } = {}) {
  await stat(join(distDir, 'index.html')).catch(() => {
    throw new Error(`${distDir}/index.html is missing: run \`trunk build --release\` first`);
  });
  const gzipped = new Map();
  const requests = [];
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (path.startsWith('/e2e-fixtures/')) {
      const fixture = join(fixtureDir, path.slice('/e2e-fixtures/'.length));
      const found = fixture.startsWith(fixtureDir) && (await stat(fixture).then((s) => s.isFile(), () => false));
      response.writeHead(found ? 200 : 404, { 'content-type': mime[extname(fixture)] ?? 'application/octet-stream' });
      response.end(found ? await readFile(fixture) : 'not found');
      return;
    }
    let status = 200;
    let file;
    if (folder) {
      requests.push(path);
      if (!path.startsWith(folder)) {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
        return;
      }
      file = join(distDir, path.slice(folder.length));
      if (path.endsWith('/')) file = join(file, 'index.html');
    } else {
      file = join(distDir, path);
    }
    if (!file.startsWith(distDir) || !(await stat(file).then((s) => s.isFile(), () => false))) {
      if (folder) {
        status = 404;
        file = join(distDir, '404.html');
      } else {
        file = join(distDir, 'index.html'); // client-side route
      }
    }
    const headers = { 'content-type': mime[extname(file)] ?? 'application/octet-stream' };
    let body = await readFile(file);
    // Compressed like any real static host serves text and wasm.
    if (compressible.has(extname(file)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(body));
      body = gzipped.get(file);
      headers['content-encoding'] = 'gzip';
    }
    response.writeHead(status, headers);
    response.end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(done)) };
}

/**
 * For a test file: serves dist/ before its tests (and makes the screenshot folder), closes it
 * after. The returned object gets `url` once the server is up.
 */
export function serveDistForTests(options) {
  const served = { url: undefined, close: async () => {} };
  before(async () => {
    Object.assign(served, await serveDist(options));
    await mkdir(screenshotDir, { recursive: true });
  });
  after(() => served.close());
  return served;
}

// Background networking off: this machine has no internet and Chromium would keep trying.
const baseArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// With a real GPU (scripts/gpu-check.sh sets BERTLAB_REAL_GPU=1): Vulkan through the driver
// instead of SwiftShader, and no blocklist (headless Chromium would otherwise refuse the GPU).
const realGpuArgs = ['--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist', '--enable-gpu'];

/**
 * Headless Debian Chromium. `webgpu: true` enables WebGPU (a SwiftShader software adapter on a
 * machine without a GPU, the real one with BERTLAB_REAL_GPU=1); without it Chromium on Linux
 * offers no WebGPU adapter.
 */
export async function launchChromium({ webgpu }) {
  const gpuArgs = ['--enable-unsafe-webgpu', ...(process.env.BERTLAB_REAL_GPU ? realGpuArgs : [])];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: webgpu ? [...baseArgs, ...gpuArgs] : baseArgs,
  });
  browserUsesWebgpu.set(browser, webgpu);
  return browser;
}

const browserUsesWebgpu = new WeakMap();

/**
 * A CPU-backend Chromium whose profile (IndexedDB, Cache Storage) lives in `userDataDir`, for a
 * test that needs to control the disk the browser writes to. Resolves to a browser context.
 */
export async function launchPersistentChromium(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: baseArgs,
    viewport: { width: 1280, height: 800 },
  });
}

/**
 * A page that records console errors and uncaught exceptions (wasm panics end up here too),
 * and accepts confirmation dialogs.
 * In a WebGPU browser the learner's choice "WebGPU" is set, so the lessons compute there even
 * where the CPU measures faster (SwiftShader always does); `auto: true` leaves the choice to
 * the app's measurement.
 */
export async function openPage(browser, { auto = false, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  if (browserUsesWebgpu.get(browser) && !auto) {
    await context.addInitScript(() => localStorage.setItem('bertlab.backend', 'webgpu'));
  }
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  // "Start over?" before a saved training run is deleted: the tests mean it.
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  return { page, errors, context };
}

/** Waits until the compute badge has finished detection; returns its backend and text. */
export async function readyBadge(page, timeout = 120_000) {
  const badge = page.getByTestId('backend-badge');
  await page.waitForSelector('[data-testid="backend-badge"][data-state="ready"]', { timeout });
  return { backend: await badge.getAttribute('data-backend'), text: (await badge.innerText()).trim() };
}

/** Waits for the model picker to hold a loaded model; returns its name. */
export async function readyModel(page, timeout = 120_000) {
  await page.waitForSelector('[data-testid="model-picker"][data-state="ready"]', { timeout });
  return (await page.getByTestId('model-name').innerText()).trim();
}

/**
 * Waits until the service worker has stored the app, the corpora and the shipped model, for the
 * site at `folder` ('/' or e.g. '/bertlab/').
 */
export async function storedForOffline(page, folder = '/') {
  await page.waitForFunction(async (root) => {
    const registration = await navigator.serviceWorker.ready;
    // The app's cache, whatever its version (static/sw.js); opening a name that is not there
    // would make an empty cache and wait in vain.
    const name = (await caches.keys()).find((n) => n.startsWith('bertlab-app-'));
    if (!name) return false;
    const keys = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    return registration.active && keys.some((k) => k.endsWith('.wasm')) && keys.includes(`${root}models/bertlab-tiny-toy-world/model.safetensors`);
  }, folder, { timeout: 60_000, polling: 500 });
}

/** The playground's predictions once they are for `text`: per mask, [{ token, prob }]. */
export async function predictionsFor(page, text, timeout = 60_000) {
  await page.waitForFunction(
    (expected) => {
      const results = document.querySelector('[data-testid="fill-results"]');
      return results && results.dataset.text === expected && results.dataset.state !== 'pending';
    },
    text,
    { timeout },
  );
  return page.$$eval('[data-testid="fill-results"] .mask-card', (cards) =>
    cards.map((card) =>
      [...card.querySelectorAll('[data-testid="prediction"]')].map((li) => ({
        token: li.dataset.token,
        prob: Number(li.dataset.prob),
      })),
    ),
  );
}

export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/**
 * On /playground: types `count` keystrokes (alternately '.' and Backspace after `base`) and
 * returns, for each, the milliseconds from the keydown to predictions shown for the new text,
 * measured inside the page (a keydown listener and a MutationObserver).
 */
export async function keystrokeLatencies(page, base, count) {
  await page.getByTestId('playground-input').fill(base);
  await predictionsFor(page, base);
  await page.getByTestId('playground-input').focus();
  await page.keyboard.press('End');
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const expected = i % 2 === 0 ? base + '.' : base;
    await page.evaluate((expected) => {
      const input = document.querySelector('[data-testid="playground-input"]');
      input.addEventListener('keydown', () => (window.__keyAt = performance.now()), { once: true });
      window.__updated = new Promise((resolve) => {
        const done = () => {
          const results = document.querySelector('[data-testid="fill-results"]');
          return results && results.dataset.text === expected && results.dataset.state === 'ready';
        };
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
    }, expected);
    await page.keyboard.press(i % 2 === 0 ? '.' : 'Backspace');
    latencies.push(await page.evaluate(async () => (await window.__updated) - window.__keyAt));
  }
  return latencies;
}
