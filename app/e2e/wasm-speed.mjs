// Wasm CPU speed in the page, for BENCHMARKS.md (not a test): forward passes of random presets
// through the compute worker on the CPU backend, and pre-training steps/s at the page's default
// tiny 16×64. Run after `trunk build --release`: node wasm-speed.mjs [seconds of training]
import { keystrokeLatencies, launchChromium, openPage, quantile, readyBadge, readyModel, serveDist } from './harness.mjs';

const trainSeconds = Number(process.argv[2] ?? 30);
const server = await serveDist();
const browser = await launchChromium({ webgpu: false });
const report = {};
try {
  {
    const { page } = await openPage(browser);
    await page.goto(server.url + '/playground');
    await readyModel(page);
    for (const [preset, batch, seq, n] of [['tiny', 1, 128, 9], ['tiny', 8, 128, 5], ['base', 1, 128, 3]]) {
      const times = await page.evaluate(([p, b, s, k]) => window.wasmBindings.bench_forward(p, b, s, k, 'cpu'), [preset, batch, seq, n]);
      report[`${preset}_forward_${batch}x${seq}_ms`] = Number(quantile(times, 0.5).toFixed(1));
    }
    const latencies = await keystrokeLatencies(page, 'The horse says [MASK]', 16);
    report.keystroke_median_ms = Number(quantile(latencies, 0.5).toFixed(1));
    await page.context().close();
  }
  {
    const { page } = await openPage(browser);
    await page.goto(server.url + '/pretrain');
    await readyBadge(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'empty', null, { timeout: 120_000 });
    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-steps-done"]')?.innerText) >= 2, null, { timeout: 300_000 });
    const first = Number(await page.getByTestId('train-steps-done').innerText());
    const started = Date.now();
    await page.waitForTimeout(trainSeconds * 1000);
    const done = Number(await page.getByTestId('train-steps-done').innerText());
    report.pretrain_steps_per_second = Number(((done - first) / ((Date.now() - started) / 1000)).toFixed(2));
    await page.getByTestId('train-pause').click();
    await page.context().close();
  }
} finally {
  await browser.close();
  server.close?.();
}
console.log(JSON.stringify(report));
process.exit(0);
