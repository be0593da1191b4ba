// The classroom features in a real browser (CPU backend: they are about the page, not the
// compute): shared links restore a view, a malformed link falls back with a notice, presenter
// mode's keys, every page on a 1024-px projector, offline use after the first visit, and saving
// every figure as PNG and SVG.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, lessonSlugs, openPage, predictionsFor, readyBadge, readyModel, screenshotDir, serveDist, storedForOffline } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist();
  await mkdir(screenshotDir, { recursive: true });
  browser = await launchChromium({ webgpu: false });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The badge and the model picker are both ready. */
async function ready(page) {
  await readyBadge(page);
  await readyModel(page);
}

/** Just the predicted tokens, per mask. */
const tokensFor = async (page, text) => (await predictionsFor(page, text)).map((mask) => mask.map((p) => p.token));

const query = (page) => new URL(page.url()).searchParams;

describe('classroom', () => {
  test('a shared link restores the playground and the attention view', async () => {
    const { page, errors } = await openPage(browser);
    // The teacher's view, as a link.
    await page.goto(server.url + '/playground');
    await ready(page);
    const text = 'The cat says [MASK] and eats [MASK].';
    await page.getByTestId('playground-input').fill(text);
    const teacher = await tokensFor(page, text);
    await page.waitForFunction((t) => new URL(location.href).searchParams.get('text') === t, text);
    const link = page.url();
    assert.equal(query(page).get('model'), 'shipped');

    // A student opens it in a fresh browser context.
    const student = await openPage(browser);
    await student.page.goto(link);
    await ready(student.page);
    assert.equal(await student.page.getByTestId('playground-input').inputValue(), text);
    assert.deepEqual(await tokensFor(student.page, text), teacher);

    // Attention: sentences, layer and heads (counted from 1 in the link, as on screen).
    const a = 'The dog eats meat.';
    const b = 'The cat sleeps.';
    await student.page.goto(`${server.url}/attention?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&layer=2&heads=2&model=shipped`);
    await ready(student.page);
    await student.page.waitForSelector('[data-testid="attention-view"]', { timeout: 60_000 });
    assert.equal(await student.page.getByTestId('text-a').inputValue(), a);
    assert.equal(await student.page.getByTestId('text-b').inputValue(), b);
    assert.equal(await student.page.getByTestId('layer-select').inputValue(), '1');
    const checked = await student.page.$$eval('[data-testid="head-select"] input', (all) => all.filter((i) => i.checked).map((i) => i.value));
    assert.deepEqual(checked, ['1']);
    const tokens = await student.page.$$eval('[data-testid="attention-matrix"] .matrix-query', (all) => all.map((t) => t.textContent));
    assert.ok(tokens.includes('cat'), `tokens: ${tokens}`);
    // Changing the view rewrites the link.
    await student.page.getByTestId('heads-all').click();
    await student.page.waitForFunction(() => new URL(location.href).searchParams.get('heads') === 'all');
    assert.equal(await student.page.getByTestId('link-notice').count(), 0);
    await student.context.close();
    assert.deepEqual([...errors, ...student.errors], []);
  });

  test('a malformed link falls back to the defaults with a notice', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(`${server.url}/attention?layer=99&heads=x7&model=javascript:alert(1)`);
    await ready(page);
    await page.waitForSelector('[data-testid="attention-view"]', { timeout: 60_000 });
    const notice = await page.getByTestId('link-notice').innerText();
    assert.match(notice, /layer=99/);
    assert.match(notice, /heads=x7/);
    assert.match(notice, /not a web address/);
    assert.equal(await page.getByTestId('layer-select').inputValue(), '0');
    assert.match(await page.getByTestId('model-name').innerText(), /toy world/i);
    await context.close();
    assert.deepEqual(errors, []);
  });

  test('switching the language rebuilds a lesson without a notice about the app\'s own link', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(server.url + '/contextual');
    await ready(page);
    await page.waitForFunction(() => /^[a-z]+$/.test(new URL(location.href).searchParams.get('word') ?? ''));
    // The Korean UI brings the Korean model, whose words differ: the English word the page wrote
    // itself is replaced silently, while a word from a teacher's link would still get a notice.
    await page.getByTestId('lang-ko').click();
    await page.waitForFunction(() => /^[가-힣]+$/.test(new URL(location.href).searchParams.get('word') ?? ''), null, { timeout: 60_000 });
    assert.match(await readyModel(page), /한국어/);
    assert.equal(await page.getByTestId('link-notice').count(), 0);
    await page.goto(`${server.url}/contextual?word=zebra`);
    await ready(page);
    assert.match(await page.getByTestId('link-notice').innerText(), /word=zebra/);
    await context.close();
    assert.deepEqual(errors, []);
  });

  test('presenter mode: P toggles it, arrows walk the steps and the lessons', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(server.url + '/tokens');
    await ready(page);
    await page.waitForSelector('[data-testid="token-strip"]');
    await page.keyboard.press('p');
    const bar = page.getByTestId('presenter-step');
    await bar.waitFor();
    assert.ok(await page.evaluate(() => document.body.classList.contains('presenter')));
    assert.equal(await page.locator('.explain').first().isVisible(), false, 'side text hidden');
    const step = async () => Number(await bar.getAttribute('data-step'));
    const steps = Number(await bar.getAttribute('data-steps'));
    assert.ok(steps >= 3, `tokens lesson has ${steps} steps`);
    assert.equal(await step(), 1);
    await page.keyboard.press('ArrowRight');
    assert.equal(await step(), 2);
    assert.equal(await page.locator('.current-step').count(), 1);
    await page.screenshot({ path: join(screenshotDir, 'presenter-tokens.png') });
    // On to the end of the lesson, then to the next lesson.
    for (let i = 2; i < steps; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await step(), steps);
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(/\/embeddings/);
    await page.waitForFunction(() => document.querySelector('[data-testid="presenter-step"]')?.dataset.step === '1');
    // Back: the previous lesson's last step.
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(/\/tokens/);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="presenter-step"]')?.dataset.step) === n && document.querySelector('[data-testid="presenter-step"]')?.dataset.steps === String(n), steps, { timeout: 10_000 });
    // Keys typed into a text field stay text.
    await page.getByTestId('text-a').focus();
    await page.keyboard.type('p');
    assert.ok(await page.evaluate(() => document.body.classList.contains('presenter')));
    await page.locator('h1').click();
    await page.keyboard.press('P');
    assert.equal(await page.evaluate(() => document.body.classList.contains('presenter')), false);
    await context.close();
    assert.deepEqual(errors, []);
  });

  // A school projector is often 1024 × 768: no page may need sideways scrolling there (a wide
  // figure scrolls inside its own panel), in either language.
  test('every page fits a 1024-px projector in both languages', async () => {
    const { page, errors, context } = await openPage(browser, { viewport: { width: 1024, height: 768 } });
    await page.goto(server.url + '/');
    await ready(page);
    const inNav = await page.$$eval('.lesson-nav a', (links) => links.map((a) => new URL(a.href).pathname.slice(1)));
    assert.deepEqual(inNav, lessonSlugs, "the tests' list of lessons is the page's");
    const wider = {};
    for (const language of ['en', 'ko']) {
      await page.getByTestId(`lang-${language}`).click();
      for (const slug of ['', ...lessonSlugs]) {
        await page.goto(`${server.url}/${slug}`);
        await ready(page);
        await page.waitForTimeout(slug === 'contextual' || slug === 'attention' ? 2000 : 500);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 1024) wider[`${language}/${slug || 'home'}`] = width;
        if (slug === 'contextual') await page.screenshot({ path: join(screenshotDir, `projector-1024-contextual-${language}.png`) });
      }
    }
    assert.deepEqual(wider, {}, 'pages wider than the window');
    await context.close();
    assert.deepEqual(errors, []);
  });

  test('offline after the first visit: the app reloads and the playground predicts', async () => {
    const { page, errors, context } = await openPage(browser);
    await page.goto(server.url + '/playground');
    await ready(page);
    await storedForOffline(page);
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    const text = 'The dog says [MASK].';
    await page.getByTestId('playground-input').fill(text);
    const predictions = await tokensFor(page, text);
    assert.ok(predictions[0].length > 0, 'predictions while offline');
    // Another lesson, opened offline by its address.
    await page.goto(server.url + '/tokens');
    await page.waitForSelector('[data-testid="token-strip"]', { timeout: 60_000 });
    await context.close();
    // Failed network requests while offline are expected console noise; wasm panics are not.
    assert.deepEqual(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
  });

  test('every figure saves as a non-empty PNG and a valid SVG', async () => {
    const { page, errors, context } = await openPage(browser, { acceptDownloads: true });
    const saved = [];
    for (const path of ['/attention', '/embeddings', '/contextual', '/architecture', '/pretrain']) {
      await page.goto(server.url + path);
      await ready(page);
      // Not while the service worker is still storing 13 MB: a PNG is saved after the picture
      // is drawn, and a slow drawing would leave the click's user activation behind.
      await storedForOffline(page);
      await page.waitForFunction(() => document.querySelectorAll('.exportable [data-testid="figure-png"]').length > 0, null, { timeout: 120_000 });
      await page.waitForTimeout(500); // let the last panels draw
      const count = await page.getByTestId('figure-png').count();
      for (let i = 0; i < count; i++) {
        for (const format of ['png', 'svg']) {
          const [download] = await Promise.all([
            page.waitForEvent('download', { timeout: 30_000 }),
            page.getByTestId(`figure-${format}`).nth(i).click(),
          ]).catch(async (error) => {
            const problems = await page.$$eval('.figure-tools .problem', (all) => all.map((p) => p.textContent));
            throw new Error(`${path}, figure ${i}, ${format}: ${error.message}; ${problems.join('; ')}`);
          });
          const bytes = await readFile(await download.path());
          const name = download.suggestedFilename();
          assert.ok(name.endsWith(`.${format}`), name);
          if (format === 'png') {
            assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${name} is a PNG`);
            assert.ok(bytes.length > 2000, `${name}: ${bytes.length} bytes`);
            const width = bytes.readUInt32BE(16);
            assert.equal(width, 1920, `${name} is slide-sized`);
          } else {
            const svg = bytes.toString('utf8');
            const problem = await page.evaluate((text) => {
              const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
              if (doc.querySelector('parsererror')) return doc.querySelector('parsererror').textContent;
              return doc.documentElement.localName === 'svg' && doc.documentElement.childElementCount > 2 ? null : 'empty svg';
            }, svg);
            assert.equal(problem, null, `${name}: ${problem}`);
          }
          saved.push(name);
        }
      }
    }
    console.log('figures saved:', saved.length, saved.join(' '));
    assert.ok(saved.length >= 2 * 12, `${saved.length} files`);
    await context.close();
    assert.deepEqual(errors, []);
  });
});
