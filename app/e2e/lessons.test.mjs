// The five live lessons (tokens, embeddings, attention, playground, architecture) and the model
// picker in a real browser, on WebGPU (SwiftShader) and on the CPU fallback: every number on
// these pages comes from the model running in the page, so the checks are about the model's
// output (segments, positions, distributions, the shipped model's answers) and its timings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keystrokeLatencies, launchChromium, openPage, predictionsFor, quantile, readyBadge, readyModel, repoRoot, screenshotDir, serveDistForTests } from './harness.mjs';

const shippedDir = join(repoRoot, 'static', 'models', 'bertlab-tiny-toy-world');

const server = serveDistForTests();

async function open(browser, path, backend) {
  const { page, errors } = await openPage(browser);
  await page.goto(server.url + path);
  const badge = await readyBadge(page);
  assert.equal(badge.backend, backend, badge.text);
  await readyModel(page);
  return { page, errors };
}

async function setPlayground(page, text) {
  await page.getByTestId('playground-input').fill(text);
  return predictionsFor(page, text);
}

for (const [backend, webgpu] of [['webgpu', true], ['cpu', false]]) {
  describe(`lessons on ${backend}`, () => {
    let browser;
    const timings = { backend };
    before(async () => (browser = await launchChromium({ webgpu })));
    after(async () => {
      await browser?.close();
      await writeFile(join(screenshotDir, `lesson-timings-${backend}.json`), JSON.stringify(timings, null, 2));
      console.log(`timings on ${backend}:`, JSON.stringify(timings));
    });

    test('tokens: a pair shows [CLS] A [SEP] B [SEP] with segments, positions and ids', async () => {
      const { page, errors } = await open(browser, '/tokens', backend);
      await page.getByTestId('text-a').fill('The dog says woof.');
      await page.getByTestId('text-b').fill('Anna is a baker.');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="token-strip"] [data-testid="token"]').length === 13);
      const tokens = await page.$$eval('[data-testid="token-strip"] [data-testid="token"]', (all) =>
        all.map((t) => [t.dataset.token, Number(t.dataset.segment), Number(t.dataset.position), Number(t.dataset.id)]),
      );
      assert.deepEqual(
        tokens.map(([token]) => token),
        ['[CLS]', 'the', 'dog', 'says', 'woof', '.', '[SEP]', 'anna', 'is', 'a', 'baker', '.', '[SEP]'],
      );
      assert.deepEqual(tokens.map(([, segment]) => segment), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
      assert.deepEqual(tokens.map(([, , position]) => position), [...tokens.keys()]);
      const vocab = (await readFile(join(shippedDir, 'vocab.txt'), 'utf8')).split('\n');
      for (const [token, , , id] of tokens) assert.equal(vocab[id], token, `id of ${token}`);

      // Hovering a token lights up its characters; clicking a word shows the WordPiece steps.
      await page.locator('[data-testid="token"][data-token="baker"]').hover();
      assert.equal(await page.getByTestId('source-highlight-1').innerText(), 'baker');
      await page.getByTestId('text-a').fill('The cows sleeps.');
      await page.locator('[data-testid="token"][data-token="##s"]').first().click();
      const steps = await page.getByTestId('wordpiece-steps').innerText();
      assert.match(steps, /cows/);
      assert.match(steps, /cow ✓/);
      await page.screenshot({ path: join(screenshotDir, `tokens-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test('embeddings: five heatmaps of tokens × hidden and one token’s vectors', async () => {
      const { page, errors } = await open(browser, '/embeddings', backend);
      await page.getByTestId('text-a').fill('The dog says woof.');
      await page.getByTestId('text-b').fill('');
      await page.waitForSelector('[data-testid="embedding-normalized"] .heatmap[data-rows="7"]', { timeout: 60_000 });
      for (const part of ['token', 'segment', 'position', 'sum', 'normalized']) {
        const map = page.locator(`[data-testid="embedding-${part}"] .heatmap`);
        assert.equal(await map.getAttribute('data-cols'), '256', part);
      }
      await page.locator('[data-testid="embedding-sum"] .heatmap-label', { hasText: 'woof' }).click();
      assert.match(await page.getByTestId('token-vectors').innerText(), /woof/);
      await page.screenshot({ path: join(screenshotDir, `embeddings-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test('attention: rows sum to 1 in every layer and head; model view opens a head', async () => {
      const { page, errors } = await open(browser, '/attention', backend);
      await page.getByTestId('text-a').fill('The cat says meow.');
      await page.getByTestId('text-b').fill('Felix is a fisher.');
      // The view of the default sentences (17 tokens) stays up until the new pair's is ready.
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="attention-view"] line').length > 0
          && document.querySelectorAll('[data-testid="attention-row"]').length === 13,
        null,
        { timeout: 60_000 },
      );
      const cells = await page.getByTestId('model-view-cell').count();
      assert.equal(cells, 2 * 4, 'layers × heads of the shipped model');
      for (const layer of ['0', '1']) {
        await page.getByTestId('layer-select').selectOption(layer);
        for (const head of ['0', '1', '2', '3']) {
          await page.getByTestId('model-view-cell').nth(Number(layer) * 4 + Number(head)).click();
          assert.equal(await page.getByTestId('layer-select').inputValue(), layer);
          const rows = await page.$$eval('[data-testid="attention-row"]', (all) => all.map((row) => row.dataset.weights.split(',').map(Number)));
          assert.equal(rows.length, 13);
          for (const row of rows) {
            assert.equal(row.length, 13);
            const sum = row.reduce((a, b) => a + b, 0);
            assert.ok(Math.abs(sum - 1) < 1e-3, `row sums to ${sum}`);
          }
        }
      }
      // Several heads at once draw lines in several colours.
      await page.getByTestId('heads-all').click();
      const colours = await page.$$eval('[data-testid="attention-view"] line', (lines) => new Set(lines.map((l) => l.getAttribute('stroke'))).size);
      assert.equal(colours, 4);
      assert.equal(await page.locator('[data-testid="head-summary"] tbody tr').count(), 4);
      await page.screenshot({ path: join(screenshotDir, `attention-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test('playground: the shipped model fills the toy world, with sorted probabilities', async () => {
      const { page, errors } = await openPage(browser);
      const started = Date.now();
      await page.goto(server.url + '/playground');
      await page.waitForSelector('[data-testid="fill-results"][data-state="ready"] [data-testid="prediction"]', { timeout: 120_000 });
      timings.navigation_to_first_prediction_ms = Date.now() - started;
      assert.equal((await readyBadge(page)).backend, backend);

      for (const [text, expected] of [
        ['A dog says [MASK].', 'woof'],
        ['The [MASK] says moo.', 'cow'],
        ['The cow eats [MASK].', 'grass'],
      ]) {
        const [predictions] = await setPlayground(page, text);
        assert.ok(predictions.length >= 5, `${predictions.length} predictions`);
        assert.equal(predictions[0].token, expected, `${text} → ${JSON.stringify(predictions)}`);
        const probs = predictions.map((p) => p.prob);
        assert.deepEqual(probs, [...probs].sort((a, b) => b - a), 'sorted');
        assert.ok(probs.reduce((a, b) => a + b, 0) <= 1 + 1e-5);
      }

      // Two masks at once; clicking a word masks it, clicking the mask brings it back.
      const both = await setPlayground(page, 'The duck says [MASK] and eats [MASK].');
      assert.equal(both.length, 2);
      await page.getByTestId('playground-input').fill('The sheep says baa.');
      await page.locator('[data-testid="playground-token"][data-token="sheep"]').click();
      assert.equal(await page.getByTestId('playground-input').inputValue(), 'The [MASK] says baa.');
      const [sheep] = await predictionsFor(page, 'The [MASK] says baa.');
      assert.equal(sheep[0].token, 'sheep');
      await page.locator('[data-testid="playground-token"][data-token="[MASK]"]').click();
      assert.equal(await page.getByTestId('playground-input').inputValue(), 'The sheep says baa.');
      await page.getByTestId('playground-input').fill('The pig says [MASK].');
      await predictionsFor(page, 'The pig says [MASK].');
      await page.getByTestId('fill-masks').click();
      assert.equal(await page.getByTestId('playground-input').inputValue(), 'The pig says oink.');

      // An input with no mask says what to do instead of showing nothing.
      await page.getByTestId('playground-input').fill('No mask here.');
      await page.waitForSelector('[data-testid="fill-results"][data-state="error"]');
      assert.match(await page.getByTestId('problem').innerText(), /\[MASK\]/);

      // Keystroke → updated predictions, measured inside the page.
      const latencies = await keystrokeLatencies(page, 'The horse says [MASK]', 16);
      timings.keystroke_to_predictions_ms = { median: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), samples: latencies.length };
      await setPlayground(page, 'The dog says [MASK] and eats [MASK].');
      await page.screenshot({ path: join(screenshotDir, `playground-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test('architecture: base and large from their configs, and the loaded model', async () => {
      const { page, errors } = await open(browser, '/architecture', backend);
      const table = await page.getByTestId('preset-table').innerText();
      assert.match(table, /BERT-base[\s\S]*BERT-large/);
      // transformers' BertModel: 109,482,240 and 335,141,888 parameters.
      assert.match(table, /109\.5 M/);
      assert.match(table, /335\.1 M/);
      const total = Number((await page.getByTestId('parameter-total').innerText()).replaceAll(',', ''));
      assert.ok(total > 1_000_000 && total < 2_000_000, `shipped model (L2/H256) has ${total} parameters`);
      await page.screenshot({ path: join(screenshotDir, `architecture-${backend}-en.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test('model picker: URL and file loads work; corrupt or too large ones fail and lose nothing', async () => {
      const { page, errors } = await open(browser, '/playground', backend);
      const picker = page.getByTestId('model-picker');
      await picker.locator('summary').click();

      await page.getByTestId('model-url').fill(`${server.url}/e2e-fixtures/too-large`);
      await page.getByTestId('model-url-load').click();
      await page.waitForSelector('[data-testid="model-error"]');
      assert.match(await page.getByTestId('model-error').innerText(), /too large.*MiB/);

      // Plain http elsewhere is refused before any download (the page's policy is https only);
      // a server that cannot be reached, or that does not allow CORS, is named as such.
      await page.getByTestId('model-url').fill('http://example.com/bert/');
      await page.getByTestId('model-url-load').click();
      await page.waitForFunction(() => /https:\/\//.test(document.querySelector('[data-testid="model-error"]')?.innerText ?? ''));
      await page.route('https://bertlab.invalid/**', (route) => route.abort('failed'));
      await page.getByTestId('model-url').fill('https://bertlab.invalid/bert/');
      await page.getByTestId('model-url-load').click();
      await page.waitForFunction(() => /CORS/.test(document.querySelector('[data-testid="model-error"]')?.innerText ?? ''));
      // The browser logs the refused request itself; that line is the point, not an error.
      errors.splice(0, errors.length, ...errors.filter((e) => !/bertlab\.invalid|Failed to load resource/.test(e)));

      await page.getByTestId('model-url').fill(`${server.url}/e2e-fixtures/corrupt-model`);
      await page.getByTestId('model-url-load').click();
      await page.waitForFunction(() => /safetensors/.test(document.querySelector('[data-testid="model-error"]')?.innerText ?? ''));
      assert.equal(await page.getByTestId('model-name').innerText(), 'bertlab-tiny (toy world)');
      await page.screenshot({ path: join(screenshotDir, `model-error-${backend}-en.png`) });
      const [kept] = await setPlayground(page, 'A cat says [MASK].');
      assert.equal(kept[0].token, 'meow', 'the previous model still answers');

      await page.getByTestId('model-url').fill(`${server.url}/models/bertlab-tiny-toy-world/`);
      await page.getByTestId('model-url-load').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="model-name"]')?.innerText === 'bertlab-tiny-toy-world');
      await readyModel(page);
      assert.equal(await page.locator('[data-testid="model-error"]').count(), 0);

      const files = ['config.json', 'model.safetensors', 'vocab.txt'];
      await page.getByTestId('model-files').setInputFiles(files.map((name) => join(shippedDir, name)));
      await page.waitForFunction(() => document.querySelector('[data-testid="model-name"]')?.innerText === 'model.safetensors');
      await readyModel(page);
      const [fromFiles] = await setPlayground(page, 'A dog says [MASK].');
      assert.equal(fromFiles[0].token, 'woof');

      const asUpload = async (name) => ({ name, mimeType: 'application/octet-stream', buffer: await readFile(join(shippedDir, name)) });
      await page.getByTestId('model-files').setInputFiles([
        await asUpload('config.json'),
        { name: 'model.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('garbage') },
        await asUpload('vocab.txt'),
      ]);
      await page.waitForSelector('[data-testid="model-error"]');
      assert.equal(await page.getByTestId('model-name').innerText(), 'model.safetensors');
      const [still] = await setPlayground(page, 'A dog says [MASK].');
      assert.equal(still[0].token, 'woof');
      assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
    });
  });
}

describe('every live lesson in Korean', () => {
  let browser;
  before(async () => (browser = await launchChromium({ webgpu: true })));
  after(() => browser?.close());

  test('pages render in Korean and screenshots are saved', async () => {
    const { page, errors } = await open(browser, '/tokens', 'webgpu');
    await page.getByTestId('lang-ko').click();
    const computed = {
      tokens: '[data-testid="token-strip"] [data-testid="token"]',
      embeddings: '[data-testid="embedding-normalized"] canvas',
      attention: '[data-testid="attention-view"] line',
      playground: '[data-testid="fill-results"][data-state="ready"] [data-testid="prediction"]',
      architecture: '[data-testid="parameter-total"]',
    };
    for (const [lesson, ready] of Object.entries(computed)) {
      await page.getByTestId(`nav-${lesson}`).click();
      await page.waitForURL(new RegExp(`/${lesson}(\\?|$)`)); // the lesson's state follows in the query
      await page.waitForSelector(ready, { timeout: 60_000 });
      assert.match(await page.locator('h1').innerText(), /[가-힣]/);
      assert.match(await page.locator('.explain').first().innerText(), /[가-힣]/);
      await page.screenshot({ path: join(screenshotDir, `${lesson}-ko.png`), fullPage: true });
    }
    assert.deepEqual(errors, []);
  });
});
