// Trunk post-build hook: names the service worker's cache after the contents of the files it
// keeps under fixed names (sw.js's SHIPPED list: corpora, shipped models, the compute worker's
// script). Those keep their names when a retrained model or a new corpus replaces them, and the
// worker serves them cache-first: without a new cache name a returning learner's browser would
// keep the old files for ever. A changed name changes sw.js, so the browser installs the new
// worker, which fetches everything again and deletes the old cache.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CACHE_LINE = /const CACHE = '([^']*)';/;

/** The cache name a built sw.js carries. */
export function stampedCacheName(worker) {
  return worker.match(CACHE_LINE)?.[1];
}

/** The files sw.js precaches by a fixed name, relative to the site's root (the page excluded:
 * it is fetched network-first). */
export function fixedNameFiles(worker) {
  const list = worker.match(/const SHIPPED = \[([\s\S]*?)\];/);
  if (!list) throw new Error('sw.js has no SHIPPED list');
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((path) => path !== './');
}

/** `bertlab-app-` and the first 16 hex digits of a SHA-256 over those files' names and bytes. */
export async function cacheName(dir, worker) {
  const hash = createHash('sha256');
  for (const path of fixedNameFiles(worker)) {
    hash.update(`${path}\0`);
    hash.update(await readFile(join(dir, path)));
  }
  return `bertlab-app-${hash.digest('hex').slice(0, 16)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
  if (!dir) throw new Error('usage: TRUNK_STAGING_DIR=dist node scripts/sw-cache-name.mjs (or: node scripts/sw-cache-name.mjs dist)');
  const file = join(dir, 'sw.js');
  const worker = await readFile(file, 'utf8');
  if (!CACHE_LINE.test(worker)) throw new Error('sw.js has no `const CACHE = \'…\';` line to stamp');
  const name = await cacheName(dir, worker);
  await writeFile(file, worker.replace(CACHE_LINE, `const CACHE = '${name}';`));
  console.log(`sw-cache-name: ${name}`);
}
