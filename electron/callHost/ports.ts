/**
 * The two kinds of worker behind the pool's WorkerPort: a worker thread (browser mode, the command line,
 * the tests) and an Electron utility process (the desktop app: a crash or a long query there never touches
 * the main process or any window's IPC). No Electron import: main.ts hands in its `utilityProcess`.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../db/domain/errors';
import { entryBeside, threadOn } from '../../db/workerThread';
import type { HostMessage, SpawnWorker, WorkerInit, WorkerMessage, WorkerPort } from './protocol';

/** The worker's entry: ./worker.ts under tsx and the tests, call-worker.cjs beside the bundled main. */
export function defaultWorkerEntry(): string {
  return entryBeside(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url), 'worker.ts', 'call-worker.cjs');
}

/** Worker threads running `entry` (a .ts entry through tsx's loader), each told `init` first. */
export function threadSpawner(init: WorkerInit, entry: string = defaultWorkerEntry()): SpawnWorker {
  return () => {
    if (!fs.existsSync(entry)) throw new AppError('internal', `后台计算程序缺失：${entry}`);
    const worker = threadOn(entry);
    // An idle worker never keeps the process alive (the host closes the pool when it stops); a busy one does.
    worker.unref();
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'value' || m.type === 'error' || (m.type === 'chunk' && m.bytes === null)) worker.unref();
    });
    let exited = false;
    const exitListeners: ((reason: string) => void)[] = [];
    const gone = (reason: string) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(reason);
    };
    worker.on('error', (e: Error & { code?: string }) => gone(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '内存不足' : e.message));
    worker.on('exit', (code) => gone(`退出代码 ${code}`));
    worker.postMessage({ type: 'init', init } satisfies HostMessage);
    return {
      post: (message) => {
        if (exited) return;
        if (message.type === 'run') worker.ref();
        worker.postMessage(message);
      },
      onMessage: (listener) => worker.on('message', (m: WorkerMessage) => listener(m)),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        exited = true;
        void worker.terminate();
      },
    } satisfies WorkerPort;
  };
}

/** What this file needs of Electron's `utilityProcess` (structural: main.ts passes the real one). */
export interface UtilityProcessLike {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore' }): UtilityChildLike;
}
export interface UtilityChildLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Electron utility processes running the bundled call-worker.cjs. */
export function utilityProcessSpawner(utilityProcess: UtilityProcessLike, init: WorkerInit, entry: string = defaultWorkerEntry()): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'GridDesk 后台计算', stdio: 'inherit' });
    let exited = false;
    const exitListeners: ((reason: string) => void)[] = [];
    child.on('exit', (code: number) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(`退出代码 ${code}`);
    });
    child.postMessage({ type: 'init', init } satisfies HostMessage);
    return {
      post: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as WorkerMessage)),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        exited = true;
        child.kill();
      },
    } satisfies WorkerPort;
  };
}
