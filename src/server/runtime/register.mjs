// `node --import ./src/server/runtime/register.mjs <file>.ts` runs the server's TypeScript
// (decision 024). The hooks run on Node's loader thread; error stacks point at the .ts lines.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);
