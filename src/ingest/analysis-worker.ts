import { parentPort } from 'node:worker_threads';
import { runAnalysisJob, type AnalysisReply, type AnalysisRequest } from './analysis-job.ts';

/** The body of an analysis worker thread (started through analysis-worker-entry.js): answers each request in turn. */
if (parentPort === null) throw new Error('analysis-worker.ts runs only as a worker thread started by the analysis pool');
const port = parentPort;

port.on('message', (request: AnalysisRequest) => {
  let reply: AnalysisReply;
  try {
    reply = { id: request.id, ok: true, analyses: request.jobs.map(runAnalysisJob) };
  } catch (error) {
    // The pipeline reports a failing stage itself, so this is a bug: the pool rejects this batch and goes on.
    reply = { id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
