// The real-GPU check (run by scripts/gpu-check.sh on a machine with a GPU and Vulkan; here it
// runs against SwiftShader with GPU_CHECK_ALLOW_SOFTWARE=1): Chromium with real WebGPU, the
// in-browser numbers BENCHMARKS.md reports, written to one JSON file.
//   navigation → first prediction, keystroke → predictions, pre-training steps/s at tiny 16×64
//   and 32×64, fine-tuning time, forward passes of a random preset at 8×128, and which backend
//   the app measured faster.
// Environment: GPU_CHECK_OUT (default target/gpu-check.json), GPU_CHECK_PRESET (default base),
// GPU_CHECK_TRAIN_SECONDS (default 30), GPU_CHECK_EPOCHS (default 5).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keystrokeLatencies, launchChromium, openPage, quantile, readyBadge, readyModel, repoRoot, serveDist } from './harness.mjs';

const out = process.env.GPU_CHECK_OUT ?? join(repoRoot, 'target', 'gpu-check.json');
const preset = process.env.GPU_CHECK_PRESET ?? 'base';
const trainSeconds = Number(process.env.GPU_CHECK_TRAIN_SECONDS ?? 30);
const epochs = process.env.GPU_CHECK_EPOCHS ?? '5';
const report = { started: new Date().toISOString(), preset };

const server = await serveDist();
const browser = await launchChromium({ webgpu: true });
try {
  // Which adapter, and is it a real one?
  {
    const { page } = await openPage(browser);
    const started = Date.now();
    await page.goto(server.url + '/playground');
    await page.waitForSelector('[data-testid="fill-results"][data-state="ready"] [data-testid="prediction"]', { timeout: 300_000 });
    report.navigation_to_first_prediction_ms = Date.now() - started;
    const badge = await readyBadge(page);
    report.badge = badge.text;
    if (badge.backend !== 'webgpu' || (/swiftshader/i.test(badge.text) && !process.env.GPU_CHECK_ALLOW_SOFTWARE)) {
      throw new Error(`no real WebGPU adapter in Chromium (badge: "${badge.text}"); see BERTLAB_REAL_GPU in app/e2e/harness.mjs for the flags`);
    }
    const latencies = await keystrokeLatencies(page, 'The horse says [MASK]', 16);
    report.keystroke_to_predictions_ms = { median: quantile(latencies, 0.5), p95: quantile(latencies, 0.95) };
    // Array.from: the binding returns a Float64Array, which JSON would write as an object.
    const times = await page.evaluate(async (p) => Array.from(await window.wasmBindings.bench_forward(p, 8, 128, 5, 'webgpu')), preset);
    report[`${preset}_forward_8x128_ms`] = { median: quantile(times, 0.5), all: times };
    await page.context().close();
  }
  // Pre-training throughput at two batch sizes (steps after the first, which compiles kernels).
  for (const batch of ['16', '32']) {
    const { page } = await openPage(browser);
    await page.goto(server.url + '/pretrain');
    await readyBadge(page);
    await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'empty', null, { timeout: 120_000 });
    await page.getByTestId('batch-select').selectOption(batch);
    await page.getByTestId('train-start').click();
    // textContent, four times a second (as pretrain.test.mjs): innerText at every frame forces a
    // layout into the very frames whose gaps are measured.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="train-steps-done"]')?.textContent) >= 1, null, { timeout: 300_000, polling: 250 });
    const first = Number(await page.getByTestId('train-steps-done').innerText());
    const started = Date.now();
    await page.waitForTimeout(trainSeconds * 1000);
    // A software adapter can take longer than the window for one step: wait for one, so the
    // figure is a rate and not a zero.
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-steps-done"]')?.textContent) > n, first, { timeout: 300_000, polling: 250 });
    const done = Number(await page.getByTestId('train-steps-done').innerText());
    report[`tiny_${batch}x64_steps_per_second`] = (done - first) / ((Date.now() - started) / 1000);
    report[`tiny_${batch}x64_longest_frame_gap_ms`] = Number(await page.getByTestId('frame-gap').getAttribute('data-ms'));
    await page.getByTestId('train-pause').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'paused', null, { timeout: 120_000 });
    await page.getByTestId('train-reset').click();
    await page.context().close();
  }
  // Fine-tuning both classifiers.
  {
    const { page } = await openPage(browser);
    await page.goto(server.url + '/finetune');
    await readyModel(page);
    await page.getByTestId('finetune-epoch-count').selectOption(epochs);
    const started = Date.now();
    await page.getByTestId('finetune-start').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="finetune-epochs"]')?.innerText.startsWith(`${n} /`), Number(epochs), { timeout: 1_800_000 });
    report.finetune_seconds = (Date.now() - started) / 1000;
    report.finetune_epochs = Number(epochs);
    await page.context().close();
  }
  // What the app measures and chooses by itself.
  {
    const { page } = await openPage(browser, { auto: true });
    await page.goto(server.url + '/playground');
    await readyModel(page);
    await page.waitForFunction(() => /→/.test(document.querySelector('[data-testid="timing-inference"]')?.textContent ?? ''), null, { timeout: 300_000 });
    report.backend_choice = {
      inference: await page.getByTestId('timing-inference').textContent(),
      badge: (await readyBadge(page)).text,
    };
    await page.context().close();
  }
  report.finished = new Date().toISOString();
} finally {
  await browser.close();
  await server.close();
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}
