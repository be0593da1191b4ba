// Times gemm and bertlab's own panel kernel in wasm (V8, as in Chromium) on the products of one
// BERT-base layer for a 12-token sentence, by hand:
//   cd model/benches/gemm-wasm
//   RUSTFLAGS="-C target-feature=+simd128" cargo build --release --target wasm32-unknown-unknown
//   node bench.mjs [rows]
// Prints each shape's median time and GFLOP/s for four weight layouts, each streaming twelve
// distinct weights in turn (as twelve layers do, out of cache) and reusing one (in cache).
//   node bench.mjs training
// times instead the products of a pre-training step at the page's default setting (TRAINING_SHAPES
// in src/lib.rs), in burn's row-major layout and through bertlab's panel kernel, to set beside
// the same products natively (`cargo run --release --bin native`).
// BENCH_WASM=path runs another build of this crate: with relaxed SIMD's fused multiply-add
// (`+relaxed-simd`, in target/relaxed), which Node 20 runs under --experimental-wasm-relaxed-simd.
import { readFile } from 'node:fs/promises';

const bytes = await readFile(
  process.env.BENCH_WASM ?? new URL('target/wasm32-unknown-unknown/release/gemm_wasm_bench.wasm', import.meta.url),
);
const { instance } = await WebAssembly.instantiate(bytes, {});
const { setup, run, training_shape } = instance.exports;

function median(list) {
  return list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
}
const gflops = (m, k, n, ms) => ((2 * m * k * n) / ms / 1e6).toFixed(1);

if (process.argv[2] === 'training') {
  for (let i = 0; training_shape(i, 0) > 0; i++) {
    const [m, k, n] = [0, 1, 2].map((axis) => training_shape(i, axis));
    setup(m, k, n, 1);
    const cells = [[0, 'row-major'], [3, 'panel kernel']].map(([layout, name]) => {
      const times = [];
      for (let round = 0; round < 36; round++) {
        const start = performance.now();
        run(m, k, n, layout, 0);
        if (round >= 5) times.push(performance.now() - start);
      }
      const ms = median(times);
      return `${name} ${ms.toFixed(3)} ms (${gflops(m, k, n, ms)} GFLOP/s)`;
    });
    console.log(`m=${m} k=${k} n=${n}: ${cells.join(', ')}`);
  }
  process.exit(0);
}

const m = Number(process.argv[2] ?? 12);
const copies = 12;
const layouts = ['row-major', 'column-major', 'panels', 'panel kernel'];
// BERT-base: Q, K, V and the output projection (768 × 768), then the feed-forward in and out.
for (const [k, n] of [[768, 768], [768, 3072], [3072, 768]]) {
  setup(m, k, n, copies);
  for (const streamed of [true, false]) {
    // The layouts alternate, round by round, so that a busy neighbour slows them alike.
    const times = layouts.map(() => []);
    for (let round = 0; round < 21; round++) {
      layouts.forEach((_, layout) => {
        if (round === 0) for (let i = 0; i < copies; i++) run(m, k, n, layout, i);
        const start = performance.now();
        for (let i = 0; i < copies; i++) run(m, k, n, layout, streamed ? i : 0);
        times[layout].push((performance.now() - start) / copies);
      });
    }
    const medians = times.map(median);
    const cells = layouts.map((name, i) => `${name} ${medians[i].toFixed(3)} ms (${gflops(m, k, n, medians[i])} GFLOP/s)`);
    console.log(`m=${m} k=${k} n=${n} ${streamed ? 'streamed' : 'one weight'}: ${cells.join(', ')}`);
  }
}
