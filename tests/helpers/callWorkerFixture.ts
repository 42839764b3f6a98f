/**
 * A call host worker for the tests: the real one (electron/callHost/worker.ts), except that a task whose
 * input says so crashes the thread ({crash: true}) or holds it in one long synchronous step ({hang: ms}),
 * as a failing native module or a single long query would. (The real worker's listener comes first, so it
 * sees `init`; the one here acts before the real task's answer can be posted.)
 */
import { parentPort } from 'node:worker_threads';
import '../../electron/callHost/worker';

parentPort?.on('message', (m: { type: string; task?: { input?: { crash?: boolean; hang?: number } } }) => {
  if (m.type !== 'run') return;
  if (m.task?.input?.crash) process.exit(3);
  if (m.task?.input?.hang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, m.task.input.hang);
});
