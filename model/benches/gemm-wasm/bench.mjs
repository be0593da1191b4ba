// Times gemm in wasm (V8, as in Chromium) on the products of one BERT-base layer for a 12-token
// sentence, by hand:
//   cd model/benches/gemm-wasm
//   RUSTFLAGS="-C target-feature=+simd128" cargo build --release --target wasm32-unknown-unknown
//   node bench.mjs [rows]
// Prints each shape's median time and GFLOP/s with the weight row-major and column-major.
import { readFile } from 'node:fs/promises';

const bytes = await readFile(new URL('target/wasm32-unknown-unknown/release/gemm_wasm_bench.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(bytes, {});
const { setup, run } = instance.exports;
const m = Number(process.argv[2] ?? 12);
// BERT-base: Q, K, V and the output projection (768 × 768), then the feed-forward in and out.
for (const [k, n] of [[768, 768], [768, 3072], [3072, 768]]) {
  setup(m, k, n);
  // The two layouts alternate, round by round, so that a busy neighbour slows both alike.
  const times = [[], []];
  for (let round = 0; round < 21; round++) {
    for (const columnMajor of [0, 1]) {
      if (round === 0) for (let i = 0; i < 5; i++) run(m, k, n, columnMajor);
      const start = performance.now();
      for (let i = 0; i < 10; i++) run(m, k, n, columnMajor);
      times[columnMajor].push((performance.now() - start) / 10);
    }
  }
  const medians = times.map((list) => list.sort((a, b) => a - b)[10]);
  const gflops = (ms) => ((2 * m * k * n) / ms / 1e6).toFixed(1);
  console.log(`m=${m} k=${k} n=${n}: row-major weight ${medians[0].toFixed(3)} ms (${gflops(medians[0])} GFLOP/s), column-major ${medians[1].toFixed(3)} ms (${gflops(medians[1])} GFLOP/s)`);
}
