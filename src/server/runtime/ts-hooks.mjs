// Node module hooks that turn the project's TypeScript into JavaScript as Node loads it
// (decision 024): esbuild's transform, module by module, so the files keep their paths and
// `import.meta.url` means what it says; an inline source map points stacks at the .ts lines.
//
// Unlike tsx, no `keepNames`: that option wraps every named closure in a call to
// Object.defineProperty each time the closure is created, which cost a served request about
// 3 % of its CPU time. V8 names `const f = () => …` by itself, and a transform renames nothing.
//
// Transformed modules are kept in node_modules/.cache/jiangxin-ts, keyed by a hash of the
// source and the options, so a start after the first transforms nothing.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform, version } from 'esbuild';

const TS = /\.(ts|mts|tsx)$/;
const ROOT = new URL('../../../', import.meta.url);
const CACHE = fileURLToPath(new URL('node_modules/.cache/jiangxin-ts/', ROOT));
// The project's compiler options, as tsc and tsx read them: `target` decides class-field
// semantics (ES2022: fields are defined, not assigned), `verbatimModuleSyntax` which imports stay.
const tsconfigRaw = JSON.parse(await readFile(new URL('tsconfig.json', ROOT), 'utf8'));

/** @param {string} path */
const optionsFor = (path) => ({
  loader: /** @type {const} */ (path.endsWith('x') ? 'tsx' : 'ts'),
  format: /** @type {const} */ ('esm'),
  target: `node${process.versions.node}`,
  jsx: /** @type {const} */ ('automatic'),
  sourcemap: /** @type {const} */ ('inline'),
  sourcefile: path,
  tsconfigRaw: { compilerOptions: tsconfigRaw.compilerOptions },
});

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  const path = url.startsWith('file:') ? fileURLToPath(url) : '';
  if (!TS.test(path) || path.includes('/node_modules/')) return nextLoad(url, context);
  const source = await readFile(path, 'utf8');
  const options = optionsFor(path);
  const key = createHash('sha256')
    .update(`${version}\0${JSON.stringify(options)}\0${source}`)
    .digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let code = await readFile(cached, 'utf8').catch(() => null);
  if (code === null) {
    code = (await transform(source, options)).code;
    await store(cached, code);
  }
  return { format: 'module', source: code, shortCircuit: true };
}

/** Writes a cache entry whole or not at all; a read-only node_modules only costs the cache. */
async function store(file, code) {
  const part = `${file}.${process.pid}.part`;
  try {
    await mkdir(CACHE, { recursive: true });
    await writeFile(part, code);
    await rename(part, file);
  } catch {
    // no cache this time
  }
}
