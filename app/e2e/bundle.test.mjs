// The app's wasm as the linker wrote it (before wasm-bindgen and wasm-opt strip its names).
// A module with `main` counts as a "command" to wasm-ld, which then wraps every export in a call
// to the static constructors unless the program calls them itself (app/src/main.rs does): burn
// registers hundreds through `inventory`, so each call from JavaScript re-ran them all and start-up
// cost over a second more. This test reads the function names and fails if any wrapper is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './harness.mjs';

const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
const linkedWasm = join(targetDir, 'wasm32-unknown-unknown', 'wasm-release', 'bertlab-app.wasm');

/** The function names of a module's `name` section (subsection 1). */
function functionNames(bytes) {
  const module = new WebAssembly.Module(bytes);
  const [section] = WebAssembly.Module.customSections(module, 'name');
  assert.ok(section, `${linkedWasm} has no name section`);
  const data = new Uint8Array(section);
  let at = 0;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = data[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const decoder = new TextDecoder();
  const names = [];
  while (at < data.length) {
    const id = data[at++];
    const size = leb();
    const end = at + size;
    if (id === 1) {
      for (let count = leb(); count > 0; count--) {
        leb(); // function index
        const length = leb();
        names.push(decoder.decode(data.subarray(at, at + length)));
        at += length;
      }
    }
    at = end;
  }
  return names;
}

test('the linked wasm runs its static constructors once, not on every call into it', async () => {
  const bytes = await readFile(linkedWasm).catch(() => {
    throw new Error(`${linkedWasm} is missing: run \`trunk build --release\` first`);
  });
  const names = functionNames(bytes);
  assert.ok(names.length > 1000, `only ${names.length} function names: cannot check the exports`);
  assert.ok(names.includes('__wasm_call_ctors'), 'the constructors function is named');
  const wrapped = names.filter((name) => name.endsWith('.command_export'));
  assert.deepEqual(wrapped, [], `exports wrapped in a constructor call: ${wrapped.slice(0, 5).join(', ')}`);
});
