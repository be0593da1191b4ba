// The compute worker in a real browser: every model call runs in a dedicated worker, so the page
// keeps drawing while a model trains; when the worker crashes, or its GPU is lost, the page starts
// a new one and the training resumes from its last save; the faster backend is chosen by
// measuring both. Timings go to target/e2e/worker-*.json (reported in BENCHMARKS.md).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, openPage, readyBadge, readyModel, screenshotDir, serveDistForTests } from './harness.mjs';

const server = serveDistForTests();

const steps = (page) => page.getByTestId('train-steps-done').innerText().then(Number);
const phase = (page) => page.getByTestId('train-controls').getAttribute('data-phase');
const waitForPhase = (page, wanted, timeout = 120_000) =>
  page.waitForFunction((w) => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === w, wanted, { timeout });
const waitForSteps = (page, atLeast, timeout = 400_000) =>
  page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-steps-done"]')?.innerText) >= n, atLeast, { timeout });
const savedStep = async (page) => Number((await page.getByTestId('saved-step').innerText()).match(/step (\d+)/)?.[1] ?? NaN);

async function openPretrain(browser, options) {
  const { page, errors, context } = await openPage(browser, options);
  await page.goto(server.url + '/pretrain');
  await readyBadge(page);
  await page.waitForFunction(() => !['restoring', undefined].includes(document.querySelector('[data-testid="train-controls"]')?.dataset.phase));
  return { page, errors, context };
}

describe('compute worker on the CPU backend', () => {
  let browser;
  const results = { backend: 'cpu' };
  before(async () => (browser = await launchChromium({ webgpu: false })));
  after(async () => {
    await browser?.close();
    await writeFile(join(screenshotDir, 'worker-cpu.json'), JSON.stringify(results, null, 2));
    console.log('compute worker on cpu:', JSON.stringify(results));
  });

  test('the model runs in a worker, not on the page', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/playground');
    await readyModel(page);
    await page.waitForSelector('[data-testid="fill-results"][data-state="ready"]');
    const workers = page.workers().map((w) => w.url());
    assert.ok(workers.some((url) => url.endsWith('/compute-worker.js')), `workers: ${workers}`);
    assert.deepEqual(errors, []);
  });

  test('a crashed worker is replaced and training resumes from its last save', async () => {
    const { page, errors, context } = await openPretrain(browser);
    assert.equal(await phase(page), 'empty');
    await page.getByTestId('train-start').click();
    await waitForSteps(page, 12);
    await page.waitForFunction(() => /step \d+/.test(document.querySelector('[data-testid="saved-step"]')?.innerText ?? ''));
    const [worker] = page.workers().filter((w) => w.url().endsWith('/compute-worker.js'));
    const saved = await savedStep(page);
    // An uncaught error inside the worker, as a crash would throw.
    await worker.evaluate(() => setTimeout(() => { throw new Error('test: the worker crashes'); }, 0));
    await page.waitForFunction(() => /restarted/.test(document.querySelector('[data-testid="train-notice"]')?.innerText ?? ''), null, { timeout: 60_000 });
    const notice = await page.getByTestId('train-notice').innerText();
    const resumedAt = Number(notice.match(/step (\d+)/)[1]);
    assert.ok(resumedAt >= saved, `resumed from step ${resumedAt}, the last save was ${saved}`);
    // It keeps training in the new worker, and nothing up to the save is lost.
    await waitForSteps(page, resumedAt + 3);
    assert.equal(await phase(page), 'running');
    const loss = (await page.getByTestId('mlm-loss').getAttribute('data-points')).split(',');
    assert.ok(loss.length >= resumedAt + 3, `${loss.length} points`);
    results.crash = { saved, resumed_at: resumedAt };
    await page.getByTestId('train-pause').click();
    await waitForPhase(page, 'paused');
    await page.screenshot({ path: join(screenshotDir, 'worker-restarted-cpu-en.png'), fullPage: true });
    await page.getByTestId('train-reset').click();
    await waitForPhase(page, 'empty');
    await context.close();
    assert.deepEqual(errors.filter((e) => !/test: the worker crashes/.test(e)), []);
  });
});

describe('compute worker with WebGPU (SwiftShader)', () => {
  let browser;
  const results = { backend: 'webgpu' };
  before(async () => (browser = await launchChromium({ webgpu: true })));
  after(async () => {
    await browser?.close();
    await writeFile(join(screenshotDir, 'worker-webgpu.json'), JSON.stringify(results, null, 2));
    console.log('compute worker on webgpu:', JSON.stringify(results));
  });

  test('the faster backend is measured and chosen; the learner can override it', async () => {
    const { page, errors } = await openPage(browser, { auto: true });
    await page.goto(server.url + '/playground');
    await readyModel(page);
    // SwiftShader is a GPU emulated on these two cores: the CPU backend wins here.
    await page.waitForFunction(() => /→/.test(document.querySelector('[data-testid="timing-inference"]')?.textContent ?? ''), null, { timeout: 240_000 });
    const timing = await page.getByTestId('timing-inference').textContent();
    results.inference_timing = timing;
    const [, gpu, cpu] = timing.match(/WebGPU (\d+) ms · CPU (\d+) ms/).map(Number);
    assert.ok(gpu > 0 && cpu > 0, timing);
    const expected = cpu < gpu ? 'cpu' : 'webgpu';
    await page.waitForFunction((b) => document.querySelector('[data-testid="backend-badge"]')?.dataset.backend === b, expected);
    // The learner's choice wins, and is remembered.
    await page.getByTestId('backend-details').locator('summary').click();
    await page.getByTestId('backend-choice').selectOption('webgpu');
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-badge"]')?.dataset.backend === 'webgpu');
    await page.screenshot({ path: join(screenshotDir, 'backend-details-webgpu-en.png') });
    await page.reload();
    await readyBadge(page);
    assert.equal(await page.getByTestId('backend-badge').getAttribute('data-backend'), 'webgpu');
    assert.deepEqual(errors, []);
  });

  test('a lost GPU: training goes on on the CPU from its last save', async () => {
    const { page, errors, context } = await openPretrain(browser);
    assert.equal(await page.getByTestId('backend-badge').getAttribute('data-backend'), 'webgpu');
    // Small steps (4 pairs of 32 tokens): a SwiftShader step of the default 16 × 64 takes 20 s.
    await page.getByTestId('batch-select').selectOption('4');
    await page.getByTestId('max-len-select').selectOption('32');
    // One step on the GPU, saved when it pauses; then training runs on.
    await page.getByTestId('train-step').click();
    await waitForSteps(page, 1, 300_000);
    await waitForPhase(page, 'paused', 300_000);
    await page.getByTestId('train-start').click();
    await waitForPhase(page, 'running');
    await page.evaluate(() => window.wasmBindings.lose_gpu());
    await page.waitForFunction(() => /GPU was lost/.test(document.querySelector('[data-testid="train-notice"]')?.innerText ?? ''), null, { timeout: 120_000 });
    const badge = await readyBadge(page);
    assert.equal(badge.backend, 'cpu', badge.text);
    const resumedAt = Number((await page.getByTestId('train-notice').innerText()).match(/step (\d+)/)[1]);
    assert.ok(resumedAt >= 1, `resumed from ${resumedAt}`);
    await waitForSteps(page, resumedAt + 5, 120_000);
    results.gpu_lost = { resumed_at: resumedAt, badge: badge.text };
    await page.getByTestId('train-pause').click();
    await waitForPhase(page, 'paused');
    await page.screenshot({ path: join(screenshotDir, 'gpu-lost-en.png'), fullPage: true });
    await page.getByTestId('train-reset').click();
    await waitForPhase(page, 'empty');
    await context.close();
    assert.deepEqual(errors.filter((e) => !/GPU|device/i.test(e)), []);
  });
});
