// By hand, not a test: where the page's main thread spends its time while the compute worker
// pre-trains (BENCHMARKS.md, "Training and fine-tuning in the browser"). Trains the tiny preset
// for STEPS steps (default 60) on the CPU backend (GPU=1: WebGPU) in LOCALE (default en-US),
// records a Chromium trace meanwhile, and prints the frame gaps over 40 ms, the main thread's
// tasks over 25 ms with what filled them, and every font lookup that took over 5 ms.
//   trunk build --release && cd app/e2e && node trace-training.mjs
import { launchChromium, openPage, readyBadge, serveDistForTests } from './harness.mjs';

const server = serveDistForTests();
const webgpu = process.env.GPU === '1';
const browser = await launchChromium({ webgpu });
const { page } = await openPage(browser, { locale: process.env.LOCALE ?? 'en-US' });
await page.addInitScript(() => {
  window.frameGaps = [];
  let last = null;
  const tick = (time) => {
    if (last !== null && time - last > 40) window.frameGaps.push([Math.round(last), Math.round(time - last)]);
    last = time;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
await page.goto(server.url + '/pretrain');
await readyBadge(page);
await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'empty');
await page.getByTestId('batch-select').selectOption(webgpu ? '8' : '16');
const cdp = await page.context().newCDPSession(page);
const events = [];
cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
const complete = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
const started = await page.evaluate(() => performance.now());
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,fonts', transferMode: 'ReportEvents' });
await page.getByTestId('train-start').click();
const steps = Number(process.env.STEPS ?? 60);
// textContent, polled: reading innerText every frame would force layouts of its own.
await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-steps-done"]')?.textContent) >= n, steps, { timeout: 600_000, polling: 250 });
await cdp.send('Tracing.end');
await complete;
const measured = await page.evaluate(() => document.querySelector('[data-testid="frame-gap"]')?.dataset.ms);
const gaps = await page.evaluate((from) => window.frameGaps.filter(([at]) => at >= from), started);
console.log(`longest frame gap while running (the page's own figure): ${measured} ms`);
console.log(`frame gaps over 40 ms after Start, [ms after Start, gap]: ${JSON.stringify(gaps.map(([at, gap]) => [Math.round(at - started), gap]))}`);

const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const onMain = (e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X';
const origin = events.find((e) => onMain(e) && e.name === 'RunTask')?.ts ?? 0;
for (const task of events.filter((e) => onMain(e) && e.name === 'RunTask' && e.dur > 25_000)) {
  const within = new Map();
  for (const e of events) {
    if (onMain(e) && e !== task && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur) within.set(e.name, (within.get(e.name) ?? 0) + e.dur);
  }
  const top = [...within].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`);
  console.log(`task at +${((task.ts - origin) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(0)} ms (${top.join(', ')})`);
}
for (const e of events.filter((e) => onMain(e) && /Font/.test(e.name) && e.dur > 5_000)) {
  console.log(`font lookup at +${((e.ts - origin) / 1000).toFixed(0)} ms: ${e.name} ${(e.dur / 1000).toFixed(0)} ms ${JSON.stringify(e.args)}`);
}
await browser.close();
server.close?.();
process.exit(0);
