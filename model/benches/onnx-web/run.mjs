// The in-page fill-mask comparison of BENCHMARKS.md (issue 18), not part of CI: bertlab's CPU
// backend (Flex in wasm, in its compute worker) against onnxruntime-web's wasm backend on one
// thread, the same shapes (BertForMaskedLM, tiny and base, 12 tokens, two masks), in the same
// headless Chromium, one after the other. Needs `trunk build --release`, `npm install` here and
// `python3 export_onnx.py`. Prints one JSON line per preset.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPage, quantile, readyModel, serveDist } from '../../../app/e2e/harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const roots = { '/ort/': join(here, 'node_modules/onnxruntime-web/dist'), '/models/': join(here, 'models'), '/': here };
const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const ortServer = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  const prefix = Object.keys(roots).find((p) => path.startsWith(p));
  const file = join(roots[prefix], path === '/' ? 'index.html' : path.slice(prefix.length));
  if (!(await stat(file).then((s) => s.isFile(), () => false))) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  response.end(await readFile(file));
});
await new Promise((done) => ortServer.listen(0, '127.0.0.1', done));
const ortUrl = `http://127.0.0.1:${ortServer.address().port}/`;

const bertlab = await serveDist();
const browser = await launchChromium({ webgpu: false });
const runs = [['tiny', 200], ['base', 30]];
try {
  const { page: ortPage } = await openPage(browser);
  await ortPage.goto(ortUrl);
  await ortPage.waitForFunction(() => window.ortReady === true);
  const { page } = await openPage(browser);
  await page.goto(bertlab.url + '/playground');
  await readyModel(page);
  for (const [preset, iterations] of runs) {
    const ort = await ortPage.evaluate(([p, n]) => window.timeFill(p, n), [preset, iterations]);
    const ours = await page.evaluate(([p, n]) => window.wasmBindings.bench_fill(p, 12, n, 'cpu'), [preset, iterations]);
    const median = (times) => Number(quantile(times, 0.5).toFixed(2));
    console.log(JSON.stringify({
      preset, seq: 12, iterations,
      bertlab_cpu_worker_median_ms: median(ours),
      onnxruntime_web_wasm_1_thread_median_ms: median(ort),
      bertlab_over_ort: Number((median(ours) / median(ort)).toFixed(2)),
    }));
  }
} finally {
  await browser.close();
  await bertlab.close();
  ortServer.close();
}
