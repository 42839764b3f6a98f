/**
 * The page's side of a cluster build: bytes in as the transport delivers them, the index out at the end.
 * In a Web Worker where the page has one (a file of its own in the build: worker-src 'self'), else on
 * this thread with the same code.
 */
import { PointsBuild, type BuildReply, type BuildRequest } from './clusterBuild';
import { clusterIndexFrom, type ClusterIndex } from './clusterIndex';

export interface ClusterBuilder {
  /** Bytes of the answer, in order; the builder owns them from now on. */
  push(bytes: Uint8Array): void;
  /** The answer is complete: the index, or the reason it could not be built. */
  finish(): Promise<ClusterIndex>;
  /** Drops the build (the load was cancelled or failed). */
  abort(): void;
}

type WorkerFactory = () => Worker;

const defaultFactory: WorkerFactory = () => new Worker(new URL('./clusterWorker.ts', import.meta.url), { type: 'module' });
let factory: WorkerFactory | null = typeof Worker === 'undefined' ? null : defaultFactory;

/** Replaces how the worker is made (a benchmark page bundles it its own way); null builds on this thread. */
export function setClusterWorkerFactory(make: WorkerFactory | null): void {
  factory = make;
}

export function startClusterBuild(onProgress?: (received: number) => void): ClusterBuilder {
  return factory ? workerBuild(factory(), onProgress) : inlineBuild(onProgress);
}

function inlineBuild(onProgress?: (received: number) => void): ClusterBuilder {
  const build = new PointsBuild();
  let failure: unknown = null;
  return {
    push(bytes) {
      if (failure) return;
      try {
        onProgress?.(build.push(bytes));
      } catch (e) {
        failure = e;
      }
    },
    finish: async () => {
      if (failure) throw failure;
      return clusterIndexFrom(build.finish());
    },
    abort() {},
  };
}

function workerBuild(worker: Worker, onProgress?: (received: number) => void): ClusterBuilder {
  let settle: { resolve: (index: ClusterIndex) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  let isOver = false;
  const end = () => {
    isOver = true;
    worker.terminate();
  };
  const fail = (e: Error) => {
    if (isOver) return;
    failure = e;
    end();
    settle?.reject(e);
  };
  worker.onmessage = (e: MessageEvent<BuildReply>) => {
    const reply = e.data;
    if (reply.type === 'progress') onProgress?.(reply.received);
    else if (reply.type === 'error') fail(new Error(reply.message));
    else if (!isOver) {
      end();
      settle?.resolve(clusterIndexFrom(reply.data));
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(new Error(`后台线程出错：${e.message || '无法启动'}`));
  };
  const send = (message: BuildRequest, transfer: Transferable[] = []) => {
    if (!isOver) worker.postMessage(message, transfer);
  };
  return {
    push(bytes) {
      // Hand over the buffer when the bytes own all of it, else a copy of them.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      send({ type: 'bytes', bytes: own }, [own.buffer as ArrayBuffer]);
    },
    finish: () =>
      new Promise<ClusterIndex>((resolve, reject) => {
        if (failure) return reject(failure);
        if (isOver) return reject(new Error('已取消'));
        settle = { resolve, reject };
        send({ type: 'finish' });
      }),
    abort: () => {
      if (isOver) return;
      end();
      settle?.reject(new Error('已取消'));
    },
  };
}
