// One dist/ served from a folder, as GitHub Pages serves a project (https://host/bertlab/) or a
// school's server a directory: the same build as at a host's root, no rewrite rules, and a path
// the host does not have answered with 404.html (issue 17, "any static host").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, openPage, predictionsFor, readyBadge, readyModel, serveDistForTests, storedForOffline } from './harness.mjs';

const folder = '/bertlab/';
const server = serveDistForTests({ folder });

let browser;
before(async () => (browser = await launchChromium({ webgpu: false })));
after(() => browser?.close());

/** Failed loads of the 404 page itself are what such a host sends; anything else is a fault. */
const faults = (errors) => errors.filter((e) => !/status of 404/.test(e));

test('under a folder: links, the model, deep and shared links, the worker, the manifest, offline', async () => {
  const site = server.url + folder;
  const { page, errors, context } = await openPage(browser);
  page.setDefaultTimeout(60_000);
  await page.goto(site);
  await readyBadge(page);
  await readyModel(page);
  const outside = () => server.requests.filter((path) => !path.startsWith(folder));
  assert.deepEqual(outside(), [], 'the page asked for addresses outside its folder');
  assert.equal(await page.locator('a.brand').getAttribute('href'), folder);
  assert.equal(await page.getByTestId('nav-tokens').getAttribute('href'), `${folder}tokens`);

  // A lesson link stays in the folder, and the shipped model computes there.
  await page.getByTestId('nav-playground').click();
  await page.waitForURL(new RegExp(`${folder}playground`));
  const text = 'The dog says [MASK].';
  await page.getByTestId('playground-input').fill(text);
  assert.ok((await predictionsFor(page, text))[0].length > 0, 'predictions under the folder');

  // The service worker's scope is the folder; the manifest is found and points into it.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, site);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]').href;
    const response = await fetch(href);
    return { href, status: response.status, body: await response.json() };
  });
  assert.equal(manifest.status, 200);
  assert.equal(new URL(manifest.body.start_url, manifest.href).href, site);

  // A shared link to a lesson: the host answers with 404.html, and the lesson opens with its state.
  const student = await openPage(browser);
  student.page.setDefaultTimeout(60_000);
  const sentence = 'The cat sat on the mat.';
  const response = await student.page.goto(`${site}tokens?a=${encodeURIComponent(sentence)}`);
  assert.equal(response.status(), 404, 'served as GitHub Pages serves a deep link');
  await readyBadge(student.page);
  assert.equal(await student.page.getByTestId('lesson').getAttribute('data-lesson'), 'tokens');
  await student.page.waitForSelector('[data-testid="token-strip"]', { timeout: 60_000 });
  assert.match(await student.page.getByTestId('token-strip').innerText(), /cat/, "the link's sentence");
  await student.page.goto(`${site}no-such-lesson`);
  await student.page.getByTestId('not-found').waitFor();

  // Offline after the first visit, from the folder.
  await storedForOffline(page, folder);
  await context.setOffline(true);
  await page.goto(`${site}tokens`);
  await page.waitForSelector('[data-testid="token-strip"]', { timeout: 60_000 });
  await context.setOffline(false);

  // Nothing was asked for outside the folder: every address in the build is relative to it.
  assert.deepEqual(outside(), []);
  assert.deepEqual(faults(errors).filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)), []);
  assert.deepEqual(faults(student.errors), []);
});
