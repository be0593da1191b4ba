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

// The saved run against the storage itself: a tab closed while it saves, and a record that is
// not a training session. (A full disk is not here: Chromium's DevTools quota override,
// Storage.overrideQuotaForOrigin, is accepted but changes nothing in this headless Chromium —
// the quota stays 10 GB and writes succeed.)
describe('the saved run when storage fails', () => {
  let browser;
  before(async () => (browser = await launchChromium({ webgpu: false })));
  after(() => browser?.close());

  const errors = [];
  const open = async (context) => {
    const page = await context.newPage();
    page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await page.goto(server.url + '/pretrain');
    await readyBadge(page);
    await page.waitForFunction(() => !['restoring', undefined].includes(document.querySelector('[data-testid="train-controls"]')?.dataset.phase), null, { timeout: 120_000 });
    return page;
  };
  const trainUntil = async (page, steps) => {
    await page.getByTestId('train-start').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-steps-done"]')?.innerText) >= n, steps, { timeout: 300_000 });
    await page.getByTestId('train-pause').click();
    await phaseIs(page, 'paused');
  };

  test('a tab closed mid-save and a corrupt record lose no good save', async () => {
    const { page: first, context } = await openPage(browser);
    await first.close();
    let page = await open(context);
    await trainUntil(page, 6);
    const kept = await stepsDone(page);
    assert.equal(await savedStep(page), kept);

    // Closed while saving: Pause saves; the tab goes before the write can finish. Whatever
    // IndexedDB kept is a whole session, the old one or the new one, never half of one.
    await page.getByTestId('train-start').click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-steps-done"]')?.innerText) >= n, kept + 3, { timeout: 300_000 });
    await page.getByTestId('train-pause').click();
    await page.close();
    page = await open(context);
    await phaseIs(page, 'paused');
    const after = await stepsDone(page);
    assert.ok(after >= kept, `restored at step ${after}, saved ${kept} before`);
    assert.equal(await page.locator('[data-testid="train-error"]').count(), 0);

    // A record that is not a session (another program, a broken disk): a clear message, and a
    // fresh start that works.
    await page.close();
    const writer = await context.newPage();
    await writer.goto(server.url + '/');
    await writer.evaluate(() => new Promise((resolve, reject) => {
      const request = indexedDB.open('bertlab', 1);
      request.onsuccess = () => {
        const transaction = request.result.transaction('sessions', 'readwrite');
        transaction.objectStore('sessions').put({ bytes: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) }, 'pretraining');
        transaction.oncomplete = () => { request.result.close(); resolve(); };
        transaction.onerror = () => reject(transaction.error);
      };
      request.onerror = () => reject(request.error);
    }));
    await writer.close();
    page = await open(context);
    await page.waitForSelector('[data-testid="train-error"]', { timeout: 120_000 });
    const said = await page.getByTestId('train-error').innerText();
    assert.match(said, /training saved in this browser could not be read.*Start a new run/s);
    assert.doesNotMatch(said, /panicked|RuntimeError|unreachable/);
    await page.screenshot({ path: join(screenshotDir, 'faults-corrupt-record-cpu-en.png'), fullPage: true });
    await phaseIs(page, 'empty');
    await trainUntil(page, 2);
    assert.equal(await savedStep(page), await stepsDone(page), 'a fresh run saves over the broken record');
    await context.close();
    assert.deepEqual(errors, []);
  });
});
