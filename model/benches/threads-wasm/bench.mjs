// Pre-training steps/s of the page's default setting (tiny, 16 × 64, the toy world, a learned
// 400-token vocabulary) in wasm under Node's V8, on the calling thread alone (0) or inside a
// rayon pool of N wasm threads (Node worker_threads on one shared memory), by hand:
//   cd model/benches/threads-wasm
//   cargo +nightly build --release --target wasm32-unknown-unknown   # build-std: .cargo/config.toml
//   wasm-bindgen --target web --out-dir pkg target/wasm32-unknown-unknown/release/threads_wasm_bench.wasm
//   node bench.mjs 0 [steps]; node bench.mjs 1; node bench.mjs 2
// Prints the steps/s of `steps` (100) steps after ten to warm up and the last MLM loss (which does
// not depend on the threads: the run is seeded), then what a save and the probes cost.
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

// BENCH_PKG: another wasm-bindgen output of this crate (pkg-page: the app's profile, Cargo.toml).
const pkg = new URL(`${process.env.BENCH_PKG ?? 'pkg'}/`, import.meta.url);
const { create_session, initSync, save_and_probe, start_pool, train } = await import(
  new URL('threads_wasm_bench.js', pkg)
);

const threads = Number(process.argv[2] ?? 0);
const steps = Number(process.argv[3] ?? 100);
initSync({ module: await readFile(new URL('threads_wasm_bench_bg.wasm', pkg)) });

const started = [];
globalThis.benchSpawnThread = (builder, module, memory) => {
  const worker = new Worker(new URL('thread.mjs', import.meta.url), {
    workerData: { builder, module, memory, glue: new URL('threads_wasm_bench.js', pkg).href },
  });
  started.push(new Promise((resolve, reject) => {
    // Once started, the pool's threads wait forever; they must not keep the process alive.
    worker.once('message', () => resolve(worker.unref()));
    worker.once('error', reject);
  }));
};
start_pool(threads);
await Promise.all(started);

create_session();
train(10);
const start = performance.now();
const loss = train(steps);
const seconds = (performance.now() - start) / 1000;
console.log(
  `threads ${threads}: ${steps} steps in ${seconds.toFixed(2)} s, ` +
    `${(steps / seconds).toFixed(2)} steps/s, last MLM loss ${loss.toFixed(4)}`,
);
const [save, probe, bytes] = [0, 1, 2, 3, 4].map(() => save_and_probe()).at(-1);
console.log(`save ${save} ms (${(bytes / 1e6).toFixed(1)} MB), probes ${probe} ms (the fifth of each)`);
process.exit(0);
