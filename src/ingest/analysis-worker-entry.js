// The file an analysis worker thread starts from. On Node 20 a worker gets no TypeScript loader from its parent,
// whether the parent ran under `node --import tsx` or registered tsx from code (bin/newsbot.js): so it registers tsx
// itself before loading the TypeScript worker. Where the parent's loader does reach it, registering again is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./analysis-worker.ts');
