// How node runs a server process, in one place: `npm start` passes the same (package.json, kept
// in step by a test), and so do the benchmark and the tests that start a server.
import { fileURLToPath } from 'node:url';

// A request's objects live for its whole round trip (milliseconds at 50 connections), so with
// V8's default young generation (16 MB semi-spaces) a scavenge finds many of them still alive,
// copies them and promotes them to the old generation, where they die expensively. 64 MB
// semi-spaces let them die young: CPU per list request fell by about a third (decision 023).
// The young generation grows to this size only under load.
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=64'];

/** The module `--import` takes to run the project's TypeScript (decision 024). */
export const TS_RUNTIME = fileURLToPath(new URL('./runtime/register.mjs', import.meta.url));

/** node's arguments before the script, for a process that serves the platform. */
export const SERVER_NODE_ARGS: readonly string[] = [...SERVER_V8_FLAGS, '--import', TS_RUNTIME];
