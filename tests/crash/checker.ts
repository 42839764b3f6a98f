/**
 * The crash test's checker, a worker thread (bundled like the child): it checks the trial folders the
 * kills leave, one at a time, while the test's main thread keeps spawning and killing children — so a
 * check never delays a kill.
 */
import { parentPort } from 'node:worker_threads';
import { checkTrial } from './checks';
import type { CheckerMessage, CheckRequest } from './protocol';

const port = parentPort!;
let queue = Promise.resolve();

port.on('message', (request: CheckRequest) => {
  queue = queue.then(async () => {
    let message: CheckerMessage;
    try {
      message = { id: request.id, verdict: await checkTrial(request.trialDir, request.refs) };
    } catch (e) {
      message = { id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(message);
  });
});
