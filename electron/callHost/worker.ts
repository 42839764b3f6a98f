/**
 * The call host worker's entry: a worker thread (browser mode, the command line: `parentPort`) or an
 * Electron utility process (`process.parentPort`). Bundled to dist/electron/call-worker.cjs; under tsx
 * and the tests it runs from source. See ./workerTasks.ts for what it does.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { HostMessage, WorkerMessage } from './protocol';
import { serveWorker } from './workerTasks';

/** Electron's side of a utility process (typed here: this file imports nothing from Electron). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** A chunk's own buffer moves to the host instead of being copied (never a view into a shared pool). */
function transferOf(message: WorkerMessage): ArrayBuffer[] {
  const bytes = message.type === 'stream' ? message.first : message.type === 'chunk' ? message.bytes : null;
  if (!bytes || bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength || !(bytes.buffer instanceof ArrayBuffer)) return [];
  return [bytes.buffer];
}

/**
 * A worker may yield the processor to the host's thread: a lower priority, so a short call on the host is
 * answered at once even when the long ones fill every core. A utility process is a process of its own; a
 * worker thread can only be lowered alone where the priority is a thread's (Linux), not the process's.
 */
function yieldToHost(isOwnProcess: boolean): void {
  if (!isOwnProcess && process.platform !== 'linux') return;
  // GRIDDESK_CALL_NICE: how far below (1–19; 10 is below normal). Unset: the workers keep the host's priority —
  // measured with other programs busy on both cores, a lowered worker starved (a year of statistics 3 s → 11 s)
  // while the host's short calls were no faster.
  const nice = Number(process.env.GRIDDESK_CALL_NICE ?? 0);
  if (!Number.isInteger(nice) || nice <= 0 || nice > 19) return;
  try {
    os.setPriority(nice);
  } catch {
    // not allowed here: the worker runs at the host's priority
  }
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
if (parentPort) {
  yieldToHost(false);
  const port = parentPort;
  const receive = serveWorker((message) => port.postMessage(message, transferOf(message)));
  port.on('message', (message: HostMessage) => receive(message));
} else if (electronPort) {
  yieldToHost(true);
  const receive = serveWorker((message) => electronPort.postMessage(message));
  electronPort.on('message', (event) => receive(event.data as HostMessage));
} else {
  throw new Error('后台计算进程只能由 GridDesk 主机启动');
}
