// One wasm thread of the rayon pool (bench.mjs): the same module on the same shared memory.
import { parentPort, workerData } from 'node:worker_threads';

const { initSync, run_thread } = await import(workerData.glue);

initSync({ module: workerData.module, memory: workerData.memory });
parentPort.postMessage('ready');
run_thread(workerData.builder);
