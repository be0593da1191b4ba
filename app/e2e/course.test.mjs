// The whole course as a new student walks it, on the CPU backend and in a WebGPU browser: every
// lesson in order, every "try this" task done by driving the page the way a student would, each
// tick seen, and the course map's progress at the end. Screenshots of every lesson (English, and
// Korean at the end) land in target/e2e/course-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, lessonSlugs, openPage, predictionsFor, readyBadge, readyModel, screenshotDir, serveDistForTests } from './harness.mjs';

const server = serveDistForTests();

const taskDone = (page, id, timeout = 120_000) =>
  page.waitForSelector(`[data-testid="task"][data-task="${id}"][data-done="true"]`, { timeout });
const isDone = async (page, id) => (await page.locator(`[data-testid="task"][data-task="${id}"]`).getAttribute('data-done')) === 'true';
const change = async (locator, value) => {
  await locator.fill(value);
  await locator.dispatchEvent('change');
};

async function visit(page, slug) {
  await page.getByTestId(`nav-${slug}`).click();
  await page.waitForURL(new RegExp(`/${slug}(\\?|$)`));
  await page.waitForSelector(`[data-testid="lesson"][data-lesson="${slug}"]`);
}

/** What each head of each layer mostly does, read from the summary table, layer by layer. */
async function headSummaries(page) {
  const layers = await page.getByTestId('layer-select').locator('option').count();
  const heads = [];
  for (let layer = 0; layer < layers; layer++) {
    await page.getByTestId('layer-select').selectOption({ value: String(layer) });
    await page.waitForFunction((l) => document.querySelector('[data-testid="head-summary"]')?.closest('section')?.querySelector('h2')?.innerText.includes(String(l + 1)), layer);
    const rows = await page.$$eval('[data-testid="head-summary"] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => parseFloat(td.innerText.replace(/[^0-9.]/g, '')))));
    rows.forEach((cells, head) => heads.push({ layer, head, sep: cells[2], next: cells[5] }));
  }
  return heads;
}

for (const [backend, webgpu] of [['cpu', false], ['webgpu', true]]) {
  describe(`the course, as a new student, ${webgpu ? 'in a WebGPU browser' : 'on the CPU backend'}`, () => {
    let browser;
    before(async () => (browser = await launchChromium({ webgpu })));
    after(() => browser?.close());

    test('every lesson in order, every task ticked, the course map full', async () => {
      // A student's browser: the app measures and picks the backends itself.
      const { page, errors } = await openPage(browser, { auto: true });
      // Each lesson's screenshot also says how long the lesson took, so a slow run shows where.
      let lapStarted = Date.now();
      const shot = async (name) => {
        await page.screenshot({ path: join(screenshotDir, `course-${backend}-${name}-en.png`), fullPage: true });
        console.log(`course on ${backend}: ${name} in ${((Date.now() - lapStarted) / 1000).toFixed(1)} s`);
        lapStarted = Date.now();
      };
      await page.goto(server.url + '/');
      await readyBadge(page);
      assert.equal(await page.getByTestId('course-progress').getAttribute('data-done'), '0');
      const total = Number(await page.getByTestId('course-progress').getAttribute('data-total'));
      await readyModel(page);

      // 1. Why pre-train?
      await visit(page, 'why');
      await page.waitForSelector('[data-testid="neighbour-list"] li');
      for (const word of ['sheep', 'baker']) {
        await change(page.getByTestId('neighbour-word'), word);
        await page.waitForSelector(`[data-testid="neighbour-list"][data-word="${word}"] li`);
      }
      await taskDone(page, 'why.neighbours');
      await change(page.getByTestId('why-sentence-2'), 'The bank gives money to the baker.');
      await taskDone(page, 'why.context');
      await shot('why');

      // 2. Contextual vectors.
      await visit(page, 'contextual');
      await page.waitForSelector('[data-testid="sense-separation"]', { timeout: 120_000 });
      await page.getByTestId('contextual-layer').selectOption('0');
      await page.waitForSelector('[data-testid="layer-zero-note"]');
      await taskDone(page, 'contextual.layers');
      for (const word of ['bat', 'seal']) {
        await page.getByTestId('word-select').selectOption(word);
        await page.waitForFunction((w) => document.querySelector('[data-testid="static-vector"] h2')?.innerText.includes(w), word, { timeout: 120_000 });
      }
      await taskDone(page, 'contextual.words');
      await page.getByTestId('word-select').selectOption('own');
      await page.getByTestId('own-word').fill('light');
      await page.getByTestId('own-text').fill('Clara turns on the light at night.\nThe light of the lamp is bright.\n\nThe bag is light and easy to lift.\nThe hat is light.');
      await page.getByTestId('own-apply').click();
      await taskDone(page, 'contextual.own');
      await shot('contextual');

      // 3. Architecture: two questions, answered from the page.
      await visit(page, 'architecture');
      await page.getByTestId('heads-answer').fill('12');
      assert.equal(await isDone(page, 'architecture.heads'), false, 'a wrong answer is not ticked');
      await page.getByTestId('heads-answer').fill('16');
      await taskDone(page, 'architecture.heads');
      await page.waitForSelector('[data-testid="largest-quiz"]');
      for (const part of ['embeddings', 'encoder', 'heads']) {
        await page.getByTestId('largest-answer').selectOption(part);
        if (await isDone(page, 'architecture.largest')) break;
      }
      await taskDone(page, 'architecture.largest');
      await shot('architecture');

      // 4. Tokens.
      await visit(page, 'tokens');
      await page.getByTestId('text-a').fill('The farmers have cows.');
      await taskDone(page, 'tokens.split');
      await page.getByTestId('text-b').fill('');
      await taskDone(page, 'tokens.one-segment');
      await page.locator('[data-testid="token"][data-token="cow"]').first().click();
      await page.waitForSelector('[data-testid="wordpiece-steps"]');
      await taskDone(page, 'tokens.steps');
      await shot('tokens');

      // 5. Embeddings.
      await visit(page, 'embeddings');
      await page.getByTestId('text-a').fill('The cow and the cow.');
      await page.waitForSelector('[data-testid="embedding-sum"] .heatmap-label', { timeout: 120_000 });
      await taskDone(page, 'embeddings.same-word');
      await page.locator('[data-testid="embedding-sum"] .heatmap-label').nth(2).click();
      await taskDone(page, 'embeddings.token');
      await shot('embeddings');

      // 6. Attention: the heads the summaries point to, and one token's computation.
      await visit(page, 'attention');
      await page.getByTestId('text-a').fill('The cow says moo and eats grass.');
      await page.getByTestId('text-b').fill('It sleeps in the barn.');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="attention-row"]').length === 17, null, { timeout: 120_000 });
      const heads = await headSummaries(page);
      const perLayer = heads.filter((h) => h.layer === 0).length;
      for (const [task, key] of [['attention.next', 'next'], ['attention.sep', 'sep']]) {
        const best = heads.reduce((a, b) => (b[key] > a[key] ? b : a));
        await page.getByTestId('model-view-cell').nth(best.layer * perLayer + best.head).click();
        await taskDone(page, task);
      }
      await page.waitForSelector('[data-testid="computation-scores"]', { timeout: 120_000 });
      await page.getByTestId('computation-query').selectOption('4');
      await taskDone(page, 'attention.compute');
      const weights = await page.$$eval('[data-testid="computation-scores"] tr[data-weight]', (rows) => rows.map((r) => Number(r.dataset.weight)));
      assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-3, `weights sum to 1: ${weights}`);
      await shot('attention');

      // 7. Pre-training: until MLM accuracy passes 30% and a probe turns right; then a pause.
      await visit(page, 'pretrain');
      await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'empty', null, { timeout: 120_000 });
      await page.getByTestId('train-start').click();
      await taskDone(page, 'pretrain.mlm', 600_000);
      await taskDone(page, 'pretrain.probe', 600_000);
      await page.getByTestId('train-pause').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'paused', null, { timeout: 120_000 });
      for (let tries = 0; tries < 20 && !(await isDone(page, 'pretrain.masking')); tries++) {
        await page.getByTestId('train-step').click();
        await page.waitForFunction(() => document.querySelector('[data-testid="train-controls"]')?.dataset.phase === 'paused', null, { timeout: 120_000 });
      }
      await taskDone(page, 'pretrain.masking');
      await shot('pretrain');

      // 8. Playground.
      await visit(page, 'playground');
      await page.getByTestId('playground-input').fill('The horse sleeps in the stable.');
      await page.locator('[data-testid="playground-token"][data-token="stable"]').click();
      await predictionsFor(page, 'The horse sleeps in the [MASK].');
      await taskDone(page, 'playground.right');
      await page.getByTestId('playground-input').fill('The cow says [MASK].');
      await predictionsFor(page, 'The cow says [MASK].');
      await page.getByTestId('playground-input').fill('The duck says [MASK].');
      await predictionsFor(page, 'The duck says [MASK].');
      await taskDone(page, 'playground.far');
      // Two names: a dozen people go for walks in the toy world, so no one name wins.
      for (const text of ['[MASK] and [MASK] went for a walk.', 'The [MASK] is [MASK].', '[MASK] [MASK] [MASK] [MASK].']) {
        await page.getByTestId('playground-input').fill(text);
        await predictionsFor(page, text);
        if (await isDone(page, 'playground.unsure')) break;
      }
      await taskDone(page, 'playground.unsure');
      await shot('playground');

      // 9. Fine-tuning, unfrozen then frozen; then "Why pre-train?" shows the result.
      await visit(page, 'finetune');
      await page.getByTestId('finetune-epoch-count').selectOption('2');
      for (const task of ['finetune.compare', 'finetune.freeze']) {
        if (task === 'finetune.freeze') await page.getByTestId('freeze-encoder').check();
        await page.getByTestId('finetune-start').click();
        await taskDone(page, task, 600_000);
      }
      await shot('finetune');
      await visit(page, 'why');
      await taskDone(page, 'why.finetune');

      // The course map: everything ticked.
      await page.getByRole('link', { name: 'bertlab' }).click();
      await page.waitForSelector('[data-testid="course-map"]');
      assert.equal(await page.getByTestId('course-progress').getAttribute('data-done'), String(total));
      for (const card of await page.getByTestId('course-lesson').all()) {
        const tasks = await card.locator('.card-tick').count();
        assert.equal(await card.getAttribute('data-done'), String(tasks), await card.getAttribute('data-lesson'));
      }
      await shot('home');
      // Progress is kept in this browser.
      await page.reload();
      await page.waitForSelector('[data-testid="course-map"]');
      assert.equal(await page.getByTestId('course-progress').getAttribute('data-done'), String(total));

      // The same pages in Korean, for reading as a Korean student would.
      await page.getByTestId('lang-ko').click();
      await shot('home-ko');
      for (const slug of lessonSlugs) {
        await visit(page, slug);
        await page.waitForTimeout(500);
        await page.screenshot({ path: join(screenshotDir, `course-${backend}-${slug}-ko.png`), fullPage: true });
      }
      assert.deepEqual(errors, []);
    });
  });
}
