// Lighthouse on every page of the release build, served locally (the same server as the browser
// tests), in Debian's headless Chromium with Lighthouse's desktop preset: a classroom laptop or
// the teacher's machine, not a phone. Each page is measured twice: as localhost serves it (where
// the bars apply: performance 90, accessibility and best practices 95) and with Lighthouse's
// simulated 10 Mbit/s network (reported, to show what a slow school network costs). Prints the
// table for BENCHMARKS.md, writes the JSON reports to target/lighthouse/, exits 1 below a bar.
// Run: (cd app/lighthouse && npm install && npm run bench)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import { repoRoot, serveDist } from '../e2e/harness.mjs';

const pages = ['/', '/contextual', '/architecture', '/tokens', '/embeddings', '/attention', '/pretrain', '/playground', '/finetune'];
const bars = { performance: 90, accessibility: 95, 'best-practices': 95 };
const outDir = join(repoRoot, 'target', 'lighthouse');

const server = await serveDist();
await mkdir(outDir, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

/** One Lighthouse run; `throttlingMethod`: 'provided' (as served) or 'simulate' (10 Mbit/s). */
async function measure(path, throttlingMethod) {
  const flags = { port: chrome.port, output: 'json', onlyCategories: Object.keys(bars), logLevel: 'error', throttlingMethod };
  const result = await lighthouse(server.url + path, flags, desktop);
  const name = `${path === '/' ? 'home' : path.slice(1)}${throttlingMethod === 'simulate' ? '.simulated' : ''}.json`;
  await writeFile(join(outDir, name), result.report);
  return result.lhr;
}

const score = (lhr, id) => Math.round(lhr.categories[id].score * 100);
const ms = (lhr, id) => Math.round(lhr.audits[id].numericValue);
const rows = [];
let failed = false;
try {
  for (const path of pages) {
    const local = await measure(path, 'provided');
    const slow = await measure(path, 'simulate');
    const row = {
      path,
      accessibility: score(local, 'accessibility'),
      'best-practices': score(local, 'best-practices'),
      performance: score(local, 'performance'),
      detail: `LCP ${ms(local, 'largest-contentful-paint')} ms, TBT ${ms(local, 'total-blocking-time')} ms, CLS ${local.audits['cumulative-layout-shift'].numericValue.toFixed(3)}`,
      simulated: score(slow, 'performance'),
      simulatedDetail: `LCP ${ms(slow, 'largest-contentful-paint')} ms, TBT ${ms(slow, 'total-blocking-time')} ms`,
    };
    rows.push(row);
    const below = Object.entries(bars).filter(([id, bar]) => row[id] < bar).map(([id]) => id);
    if (below.length) failed = true;
    const audits = Object.values(local.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
    console.log(`${path}: performance ${row.performance} (${row.detail}; simulated network ${row.simulated}), accessibility ${row.accessibility}, best practices ${row['best-practices']}${below.length ? '  BELOW: ' + below.join(', ') : ''}${audits.length ? '  failing audits: ' + audits.join(', ') : ''}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log('\n| page | accessibility | best practices | performance (localhost) | performance (simulated 10 Mbit/s) |\n| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| \`${r.path}\` | ${r.accessibility} | ${r['best-practices']} | ${r.performance} (${r.detail}) | ${r.simulated} (${r.simulatedDetail}) |`);
}
process.exit(failed ? 1 : 0);
