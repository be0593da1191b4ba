// Start-up benchmark for BENCHMARKS.md: the release bundle's size (raw and gzip) and the time
// from navigation to a ready compute badge (wasm fetched, compiled, device checked by computing
// on it), in headless Chromium with and without WebGPU. Run: node app/e2e/bench-startup.mjs
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { distDir, launchChromium, openPage, readyBadge, serveDist } from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);

for (const file of (await readdir(distDir)).filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const bytes = await readFile(join(distDir, file));
  console.log(JSON.stringify({ file, raw_bytes: bytes.length, gzip_bytes: gzipSync(bytes, { level: 9 }).length }));
}

const server = await serveDist();
for (const webgpu of [true, false]) {
  const browser = await launchChromium({ webgpu });
  const times = [];
  let badge;
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await openPage(browser); // fresh context: nothing cached
    const start = performance.now();
    await page.goto(server.url + '/');
    badge = await readyBadge(page);
    times.push(performance.now() - start);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({
    browser: webgpu ? 'chromium --enable-unsafe-webgpu' : 'chromium (no WebGPU)',
    badge: badge.text,
    runs: RUNS,
    median_ms: Math.round(times[Math.floor(times.length / 2)]),
    min_ms: Math.round(times[0]),
    max_ms: Math.round(times[times.length - 1]),
  }));
  await browser.close();
}
await server.close();
