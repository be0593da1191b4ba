// Lighthouse on every page of the release build, served locally (the same server as the browser
// tests), in Debian's headless Chromium with Lighthouse's desktop preset: a classroom laptop or
// the teacher's machine, not a phone. Prints a table for BENCHMARKS.md and writes the JSON
// reports to target/lighthouse/. Run: (cd app/lighthouse && npm install && npm run bench)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import { repoRoot, serveDist } from '../e2e/harness.mjs';

const pages = ['/', '/contextual', '/architecture', '/tokens', '/embeddings', '/attention', '/pretrain', '/playground', '/finetune'];
const categories = ['performance', 'accessibility', 'best-practices'];
const outDir = join(repoRoot, 'target', 'lighthouse');

const server = await serveDist();
await mkdir(outDir, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const rows = [];
let failed = false;
try {
  for (const path of pages) {
    const flags = { port: chrome.port, output: 'json', onlyCategories: categories, logLevel: 'error' };
    // THROTTLING=provided measures the page as this machine loads it from localhost, without
    // Lighthouse's simulated 10 Mbit/s network.
    if (process.env.THROTTLING) flags.throttlingMethod = process.env.THROTTLING;
    const result = await lighthouse(server.url + path, flags, desktop);
    const lhr = result.lhr;
    const score = (id) => Math.round(lhr.categories[id].score * 100);
    const row = { path, performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') };
    rows.push(row);
    await writeFile(join(outDir, `${path === '/' ? 'home' : path.slice(1)}.json`), result.report);
    const below = categories.filter((c, i) => row[c] < [90, 95, 95][i]);
    if (below.length) failed = true;
    const audits = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map((a) => a.id);
    console.log(`${path}: performance ${row.performance}, accessibility ${row.accessibility}, best practices ${row['best-practices']}${below.length ? '  BELOW: ' + below.join(', ') : ''}${audits.length ? '  failing audits: ' + audits.join(', ') : ''}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
console.log('\n| page | performance | accessibility | best practices |\n| --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.path} | ${r.performance} | ${r.accessibility} | ${r['best-practices']} |`);
process.exit(failed ? 1 : 0);
