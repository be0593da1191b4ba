// The service worker's precache list (static/sw.js) names every corpus and shipped-model file
// the build puts in dist/, so no lesson needs the network after the first visit, in either
// language. The list is spelled out in sw.js (a worker cannot list a folder); this keeps it true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import { distDir } from './harness.mjs';

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
