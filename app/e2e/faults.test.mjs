// Faults a learner's browser meets, each losing nothing: two tabs with one saved pre-training
// run (only one may train and save it; the other says why and discards nothing), and a Reset
// that asks before it deletes saved steps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, openPage, readyBadge, screenshotDir, serveDistForTests } from './harness.mjs';

const server = serveDistForTests();

const phaseIs = (page, wanted, timeout = 120_000) =>
  page.waitForFunction((w) => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === w, wanted, { timeout });
const stepsDone = (page) => page.getByTestId('train-steps-done').innerText().then(Number);
const savedStep = async (page) => Number((await page.getByTestId('saved-step').innerText()).match(/(\d+)/)?.[1] ?? NaN);

describe('two tabs, one saved pre-training run', () => {
  let browser;
  before(async () => (browser = await launchChromium({ webgpu: false })));
  after(() => browser?.close());

  test('the second tab can neither overwrite nor discard the first tab\'s run', async () => {
    const { page: first, errors, context } = await openPage(browser);
    await first.goto(server.url + '/pretrain');
    await readyBadge(first);
    await phaseIs(first, 'empty');
    await first.getByTestId('train-start').click();
    await first.waitForFunction(() => Number(document.querySelector('[data-testid="train-steps-done"]')?.innerText) >= 12, null, { timeout: 300_000 });
    await first.getByTestId('train-pause').click();
    await phaseIs(first, 'paused');
    const kept = await stepsDone(first);
    assert.equal(await savedStep(first), kept, 'paused means saved');

    // The same browser, a second tab: it says why it cannot train, and Reset and Start change nothing.
    const second = await context.newPage();
    second.on('pageerror', (error) => errors.push(`second tab: ${error.message}`));
    second.on('dialog', (dialog) => dialog.accept().catch(() => {}));
    await second.goto(server.url + '/pretrain');
    await readyBadge(second);
    await second.waitForSelector('[data-testid="train-error"]', { timeout: 120_000 });
    assert.match(await second.getByTestId('train-error').innerText(), /another bertlab tab/);
    await second.screenshot({ path: join(screenshotDir, 'faults-second-tab-cpu-en.png'), fullPage: true });
    await second.getByTestId('train-reset').click();
    await second.getByTestId('train-start').click();
    await phaseIs(second, 'empty');
    await second.waitForTimeout(2000);
    assert.match(await second.getByTestId('train-error').innerText(), /another bertlab tab/);

    // The first tab still owns its run: a reload (the tab's worker starts again) gets every step back.
    await first.reload();
    await readyBadge(first);
    await phaseIs(first, 'paused');
    assert.equal(await stepsDone(first), kept, 'the first tab\'s steps survived the second tab');

    // Once the first tab is closed, the second one takes the run over, whole.
    await first.close();
    await second.reload();
    await readyBadge(second);
    await phaseIs(second, 'paused');
    assert.equal(await stepsDone(second), kept);

    // Reset asks first; declining keeps everything.
    second.removeAllListeners('dialog');
    let asked = '';
    second.once('dialog', (dialog) => {
      asked = dialog.message();
      dialog.dismiss().catch(() => {});
    });
    await second.getByTestId('train-reset').click();
    await second.waitForTimeout(1000);
    assert.match(asked, /Start over\?/);
    assert.equal(await stepsDone(second), kept, 'declined: nothing deleted');
    second.once('dialog', (dialog) => dialog.accept().catch(() => {}));
    await second.getByTestId('train-reset').click();
    await phaseIs(second, 'empty');
    await context.close();
    assert.deepEqual(errors, []);
  });
});
