// The service worker's precache list (static/sw.js) names every corpus and shipped-model file
// the build puts in dist/, so no lesson needs the network after the first visit, in either
// language. The list is spelled out in sw.js (a worker cannot list a folder); this keeps it true.
// And the worker keeps this site's files only: a model from another site is kept by the app's
// own checkpoint cache, never in the worker's. Its cache is named after those files' contents, so
// a retrained model under the same name reaches a returning learner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import { cacheName, fixedNameFiles, stampedCacheName } from '../../scripts/sw-cache-name.mjs';
import { distDir, launchChromium, openPage, readyModel, repoRoot, serveDistForTests, storedForOffline } from './harness.mjs';

const server = serveDistForTests();
let browser;
before(async () => (browser = await launchChromium({ webgpu: false })));
after(() => browser?.close());

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  }));
  return nested.flat();
}

test('the service worker precaches every shipped corpus and model file', async () => {
  const worker = await readFile(join(distDir, 'sw.js'), 'utf8').catch(() => {
    throw new Error(`${distDir}/sw.js is missing: run \`trunk build --release\` first`);
  });
  // A syntax error would stop the worker from installing at all (a duplicated list once did).
  assert.doesNotThrow(() => new vm.Script(worker, { filename: 'sw.js' }));
  const listed = new Set([...worker.matchAll(/'((?:corpora|models)\/[^']+)'/g)].map((m) => m[1]));
  const shipped = [];
  for (const folder of ['corpora', 'models']) {
    for (const file of await filesUnder(join(distDir, folder))) {
      if (!file.endsWith('README.md')) shipped.push(relative(distDir, file));
    }
  }
  assert.ok(shipped.length >= 10, `only ${shipped.length} shipped files in dist`);
  assert.deepEqual(shipped.filter((file) => !listed.has(file)), [], 'shipped but not precached');
  assert.deepEqual([...listed].filter((file) => !shipped.includes(file)), [], 'precached but not shipped');
});

test('the service worker\'s cache is named after the files it keeps, so a new model reaches returning learners', async () => {
  const worker = await readFile(join(distDir, 'sw.js'), 'utf8');
  const stamped = stampedCacheName(worker);
  assert.equal(stamped, await cacheName(distDir, worker), 'dist/sw.js is not stamped with its files\' hash');
  // A shipped model retrained under the same name: the copy's cache name must differ.
  const copy = await mkdtemp(join(tmpdir(), 'bertlab-sw-'));
  try {
    for (const path of fixedNameFiles(worker)) {
      await cp(join(distDir, path), join(copy, path), { recursive: true });
    }
    const weights = join(copy, 'models', 'bertlab-tiny-toy-world', 'model.safetensors');
    const bytes = await readFile(weights);
    bytes[bytes.length - 1] ^= 1;
    await writeFile(weights, bytes);
    assert.notEqual(await cacheName(copy, worker), stamped);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});

test('the service worker keeps only this site\'s files', async () => {
  const { page, errors, context } = await openPage(browser);
  page.setDefaultTimeout(120_000);
  // Another site (https, as the page's policy asks), answered here with the shipped model's files.
  const elsewhere = 'https://models.example.org/bert';
  const shippedDir = join(repoRoot, 'static', 'models', 'bertlab-tiny-toy-world');
  await context.route(`${elsewhere}/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    const body = await readFile(join(shippedDir, name)).catch(() => null);
    await route.fulfill(body ? { status: 200, body, headers: { 'Access-Control-Allow-Origin': '*' } } : { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } });
  });
  await page.goto(server.url + '/playground');
  await readyModel(page);
  await storedForOffline(page);
  await page.reload();
  await readyModel(page);
  assert.ok(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker controls the page');
  await page.getByTestId('model-picker').locator('summary').click();
  await page.getByTestId('model-url').fill(elsewhere + '/');
  await page.getByTestId('model-url-load').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="model-name"]')?.innerText === 'bert');
  await readyModel(page);
  const kept = await page.evaluate(async () => {
    const byCache = {};
    for (const name of await caches.keys()) {
      byCache[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return byCache;
  });
  const workerCaches = Object.keys(kept).filter((name) => name.startsWith('bertlab-app-'));
  assert.equal(workerCaches.length, 1, JSON.stringify(Object.keys(kept)));
  const own = new URL(server.url).origin;
  assert.deepEqual(kept[workerCaches[0]].filter((url) => new URL(url).origin !== own), [], 'the worker kept another site\'s file');
  assert.ok(kept['bertlab-checkpoints-v1']?.includes(`${elsewhere}/model.safetensors`), 'the app kept the model it downloaded');
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
});
