// Entry of the dispatch worker thread: the server runs TypeScript through tsx, and a worker
// thread starts without the parent's loader, so register it here, then load the worker.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
