// The V8 flags the server process runs with (decision 023), in one place: `npm start` passes
// them (package.json), and so do the benchmark and the tests that start a server.
//
// A request's objects live for its whole round trip (milliseconds at 50 connections), so with
// V8's default young generation (16 MB semi-spaces) a scavenge finds many of them still alive,
// copies them and promotes them to the old generation, where they die expensively. 64 MB
// semi-spaces let them die young: CPU per list request fell by about a third (decision 023).
// The young generation grows to this size only under load.
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
