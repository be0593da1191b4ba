// The app shell in a real browser: every route renders without errors, the compute badge tells
// the truth with and without WebGPU, and the language switch shows real Korean.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, openPage, readyBadge, screenshotDir, serveDistForTests } from './harness.mjs';

const lessons = ['tokens', 'embeddings', 'attention', 'pretrain', 'playground', 'contextual', 'finetune', 'architecture'];

const server = serveDistForTests();

describe('with WebGPU (--enable-unsafe-webgpu)', () => {
  let browser;
  before(async () => (browser = await launchChromium({ webgpu: true })));
  after(() => browser?.close());

  test('the badge says WebGPU and names the adapter, after computing on it', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/');
    const badge = await readyBadge(page);
    assert.equal(badge.backend, 'webgpu', `badge: ${badge.text}`);
    assert.match(badge.text, /^WebGPU\s*· \S+/);
    await page.screenshot({ path: join(screenshotDir, 'home-webgpu-en.png') });
    assert.deepEqual(errors, []);
  });

  for (const lesson of lessons) {
    test(`deep link /${lesson} renders its lesson (what it does is tested in the lesson tests)`, async () => {
      const { page, errors } = await openPage(browser);
      const response = await page.goto(`${server.url}/${lesson}`);
      assert.equal(response.status(), 200);
      await readyBadge(page);
      const article = page.getByTestId('lesson');
      assert.equal(await article.getAttribute('data-lesson'), lesson);
      assert.ok((await page.locator('.explain').first().innerText()).length > 80, 'explains what it shows');
      assert.equal(await page.getByTestId(`nav-${lesson}`).getAttribute('aria-current'), 'page');
      assert.deepEqual(errors, []);
    });
  }

  test('navigation links move between lessons without a reload', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/');
    await readyBadge(page);
    await page.evaluate(() => (window.__sameDocument = true));
    await page.getByTestId('nav-attention').click();
    await page.waitForURL(/\/attention(\?|$)/); // the lesson's state follows in the query
    assert.equal(await page.getByTestId('lesson').getAttribute('data-lesson'), 'attention');
    assert.equal(await page.evaluate(() => window.__sameDocument), true);
    assert.deepEqual(errors, []);
  });

  test('an unknown address says so instead of showing a blank page', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/no-such-lesson');
    await page.getByTestId('not-found').waitFor();
    assert.deepEqual(errors, []);
  });

  test('the language switch shows Korean everywhere and is remembered', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/pretrain');
    await readyBadge(page);
    await page.getByTestId('lang-ko').click();
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.getByTestId('nav-tokens').innerText(), '토큰');
    assert.match(await page.locator('h1').innerText(), /사전 학습/);
    assert.match(await page.locator('.explain').first().innerText(), /[가-힣]{2,}/);
    assert.equal(await page.getByTestId('lang-ko').getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(screenshotDir, 'pretrain-webgpu-ko.png') });

    await page.reload();
    await readyBadge(page);
    assert.equal(await page.getAttribute('html', 'lang'), 'ko', 'choice survives a reload');
    await page.goto(server.url + '/');
    await readyBadge(page);
    await page.screenshot({ path: join(screenshotDir, 'home-webgpu-ko.png') });
    await page.getByTestId('lang-en').click();
    assert.equal(await page.getByTestId('nav-tokens').innerText(), 'Tokens');
    assert.deepEqual(errors, []);
  });
});

describe('without WebGPU', () => {
  let browser;
  before(async () => (browser = await launchChromium({ webgpu: false })));
  after(() => browser?.close());

  test('the badge says CPU and why, and the app still works', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(server.url + '/tokens');
    const badge = await readyBadge(page);
    assert.equal(badge.backend, 'cpu', `badge: ${badge.text}`);
    assert.match(badge.text, /^CPU · \S+/);
    assert.equal(await page.getByTestId('lesson').getAttribute('data-lesson'), 'tokens');
    await page.screenshot({ path: join(screenshotDir, 'badge-cpu-en.png') });
    assert.deepEqual(errors, []);
  });

  test('when the browser has no navigator.gpu at all, the badge says so', async () => {
    const { page, errors, context } = await openPage(browser);
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
    });
    await page.goto(server.url + '/');
    const badge = await readyBadge(page);
    assert.equal(badge.backend, 'cpu');
    assert.equal(badge.text, 'CPU · this browser does not offer WebGPU');
    await page.getByTestId('lang-ko').click();
    assert.equal(
      (await page.getByTestId('backend-badge').innerText()).trim(),
      'CPU · 이 브라우저는 WebGPU를 지원하지 않습니다',
    );
    assert.deepEqual(errors, []);
  });
});
