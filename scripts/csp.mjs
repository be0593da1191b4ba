// Trunk post-build hook: puts a strict Content-Security-Policy into the built index.html and
// writes the same policy as a header file for hosts that read one (`_headers`: Netlify,
// Cloudflare Pages). Trunk's start-up script is inline and names the hashed bundle, so it cannot
// be allowed by 'self'; it is allowed by its SHA-256 instead, computed here after the build, and
// no 'unsafe-inline' or 'unsafe-eval' script is ever needed. 'wasm-unsafe-eval' lets the page
// compile its WebAssembly; connect-src https: lets a learner load a model from any URL they choose.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('usage: TRUNK_STAGING_DIR=dist node scripts/csp.mjs (or: node scripts/csp.mjs dist)');
const file = join(dir, 'index.html');
let html = await readFile(file, 'utf8');
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');

const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
const hashes = inlineScripts.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);

export const directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", ...hashes],
  'worker-src': ["'self'"],
  'connect-src': ["'self'", 'https:'],
  'img-src': ["'self'", 'data:', 'blob:'],
  // Leptos sets style attributes (bar widths, heatmap colours); no script can come through them.
  'style-src': ["'self'", "'unsafe-inline'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');

// Early in <head>: a meta policy only covers what comes after it.
html = html.replace(/(<meta charset="utf-8"\s*\/?>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
if (!html.includes('http-equiv="Content-Security-Policy"')) throw new Error('index.html has no <meta charset="utf-8"> to put the policy after');
await writeFile(file, html);
// GitHub Pages (and hosts like it) answer a path they do not have with 404.html: the same page,
// so a deep link or a shared lesson link starts the app there too.
await writeFile(join(dir, '404.html'), html);
// frame-ancestors works only as a header: no site may frame bertlab to trick a learner.
await writeFile(join(dir, '_headers'), `/*\n  Content-Security-Policy: ${policy}; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n`);
console.log(`csp: ${inlineScripts.length} inline scripts allowed by hash`);
