// Contextual vectors and fine-tuning in the browser, on WebGPU (SwiftShader) and the CPU
// fallback: the shipped model's vectors for a polysemous word separate by sense, and (on the CPU
// backend) the classifier on a pre-trained encoder beats chance and the one on a random encoder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, openPage, readyBadge, screenshotDir, serveDistForTests } from './harness.mjs';

const server = serveDistForTests();

for (const [backend, webgpu] of [['webgpu', true], ['cpu', false]]) {
  describe(`contextual vectors and fine-tuning on ${backend}`, () => {
    let browser;
    const results = { backend };
    before(async () => (browser = await launchChromium({ webgpu })));
    after(async () => {
      await browser?.close();
      await writeFile(join(screenshotDir, `finetune-results-${backend}.json`), JSON.stringify(results, null, 2));
      console.log(`contextual and fine-tuning on ${backend}:`, JSON.stringify(results));
    });

    test('contextual: occurrences of a word cluster by sense in the last layer', async () => {
      const { page, errors } = await openPage(browser);
      await page.goto(server.url + '/contextual');
      assert.equal((await readyBadge(page)).backend, backend);
      for (const word of ['bank', 'bat']) {
        await page.getByTestId('word-select').selectOption(word);
        const separation = page.getByTestId('sense-separation');
        await separation.waitFor({ timeout: 120_000 });
        await page.waitForFunction((w) => document.querySelector('[data-testid="static-vector"] h2')?.innerText.includes(w), word, { timeout: 120_000 });
        const groups = new Set(await page.$$eval('[data-testid="contextual-point"]', (all) => all.map((p) => p.dataset.group)));
        assert.ok(groups.size >= 2, `${word}: ${groups.size} senses`);
        const same = Number(await page.getByTestId('sense-separation').getAttribute('data-same'));
        const other = Number(await page.getByTestId('sense-separation').getAttribute('data-other'));
        results[`${word}_cosine_same_vs_other`] = [same, other];
        assert.ok(same > other, `${word}: same-sense cosine ${same} > other-sense ${other}`);
      }
      await page.screenshot({ path: join(screenshotDir, `contextual-${backend}-en.png`), fullPage: true });

      // The learner's own sentences: one dot per sentence, one colour per paragraph.
      await page.getByTestId('word-select').selectOption('own');
      await page.getByTestId('own-word').fill('light');
      await page.getByTestId('own-text').fill('Turn on the light.\nThe light in the room is bright.\nThe sun gives light.\n\nThe bag is light.\nThe box is light to carry.');
      await page.getByTestId('own-apply').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="static-vector"] h2')?.innerText.includes('light'), null, { timeout: 120_000 });
      const own = await page.$$eval('[data-testid="contextual-point"]', (all) => all.map((p) => p.dataset.group));
      assert.deepEqual(own, ['0', '0', '0', '1', '1']);
      await page.screenshot({ path: join(screenshotDir, `contextual-own-${backend}-en.png`), fullPage: true });
      // Sentences without the word, or too few, get a reason instead of a picture.
      await page.getByTestId('own-word').fill('zebra');
      await page.getByTestId('own-apply').click();
      await page.waitForFunction(() => /none of the sentences contains/.test(document.querySelector('[data-testid="problem"]')?.innerText ?? ''), null, { timeout: 60_000 });
      await page.getByTestId('own-text').fill('Just one line.');
      await page.getByTestId('own-apply').click();
      await page.waitForFunction(() => /at least two sentences/.test(document.querySelector('[data-testid="problem"]')?.innerText ?? ''), null, { timeout: 60_000 });
      assert.deepEqual(errors, []);
    });

    // Fine-tuning forced onto SwiftShader took ten minutes of CI for one epoch (twenty on a slower
    // machine), so without a real GPU (scripts/gpu-check.sh) the GPU half of this test is
    // model/tests/finetune_gpu.rs: the worker's `Comparison` on lavapipe. The course still
    // fine-tunes in a WebGPU browser where the app's measurement sends it, and pretrain.test.mjs
    // trains on WebGPU in the worker.
    const softwareGpu = webgpu && !process.env.BERTLAB_REAL_GPU;
    test('fine-tuning: the pre-trained encoder reaches above-chance accuracy', { skip: softwareGpu && 'SwiftShader: see model/tests/finetune_gpu.rs' }, async () => {
      const { page, errors } = await openPage(browser);
      await page.goto(server.url + '/finetune');
      assert.equal((await readyBadge(page)).backend, backend);
      await page.waitForSelector('[data-testid="model-picker"][data-state="ready"]', { timeout: 120_000 });
      // One epoch on a real GPU, five on the CPU backend.
      const epochs = webgpu ? 1 : 5;
      await page.getByTestId('finetune-epoch-count').selectOption(String(epochs));
      const started = Date.now();
      await page.getByTestId('finetune-start').click();
      await page.waitForFunction((n) => document.querySelector('[data-testid="finetune-epochs"]')?.innerText.startsWith(`${n} /`), epochs, { timeout: 600_000 });
      results.epochs = epochs;
      results.seconds = Math.round((Date.now() - started) / 1000);
      const curve = async (id) => (await page.getByTestId(id).getAttribute('data-points')).split(',').map(Number);
      const pretrained = await curve('accuracy-pretrained');
      const scratch = await curve('accuracy-scratch');
      results.pretrained = pretrained;
      results.scratch = scratch;
      assert.equal(pretrained.length, epochs);
      assert.ok(pretrained.at(-1) > 0.5, `pre-trained: ${pretrained}`);
      assert.ok(pretrained.at(-1) > scratch.at(-1), `pre-trained ${pretrained.at(-1)} beats random ${scratch.at(-1)}`);
      await page.screenshot({ path: join(screenshotDir, `finetune-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });
  });
}
