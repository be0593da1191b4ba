// bertlab's compute worker. It runs the same wasm as the page (sent along as a compiled module,
// so it is neither downloaded nor compiled twice) and hands control to its `worker_start`, which
// owns the devices, the models and the training. Messages that arrive while it starts are kept.
const early = [];
let booting = false;
self.onmessage = async (event) => {
  if (booting) {
    early.push(event.data);
    return;
  }
  booting = true;
  const { glue, module } = event.data;
  // Only this site's own code is ever imported.
  if (new URL(glue, self.location.href).origin !== self.location.origin) {
    throw new Error('the compute worker only runs this site\'s code');
  }
  const bindings = await import(glue);
  await bindings.default({ module_or_path: module });
  bindings.worker_start(early);
};
