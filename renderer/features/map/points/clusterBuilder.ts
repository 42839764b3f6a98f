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
/** A worker ready for the next build: made ahead (prepareClusterWorker) or kept from the last build. */
let spare: Worker | null = null;
let builds = 0;

/** Replaces how the worker is made (a benchmark page bundles it its own way); null builds on this thread. */
export function setClusterWorkerFactory(make: WorkerFactory | null): void {
  factory = make;
  spare?.terminate();
  spare = null;
}

/** Starts the worker ahead of the first build (the map page does it as it opens), so its code is loaded meanwhile. */
export function prepareClusterWorker(): void {
  if (factory && !spare) spare = factory();
}

export function startClusterBuild(onProgress?: (received: number) => void): ClusterBuilder {
  if (!factory) return inlineBuild(onProgress);
  const worker = spare ?? factory();
  spare = null;
  return workerBuild(worker, onProgress);
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
  const id = ++builds;
  /** Ends this build: the worker is kept for the next one when it finished cleanly, else stopped. */
  const end = (keep: boolean) => {
    isOver = true;
    worker.onmessage = null;
    worker.onerror = null;
    if (keep && !spare) spare = worker;
    else worker.terminate();
  };
  const fail = (e: Error) => {
    if (isOver) return;
    failure = e;
    end(false);
    settle?.reject(e);
  };
  worker.onmessage = (e: MessageEvent<BuildReply>) => {
    const reply = e.data;
    if (reply.build !== id) return;
    if (reply.type === 'progress') onProgress?.(reply.received);
    else if (reply.type === 'error') fail(new Error(reply.message));
    else if (!isOver) {
      end(true);
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
  send({ type: 'start', build: id });
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
      // Before the end its bytes are only queued: a fresh start clears them; during the build, stop it.
      const isBuilding = settle !== null;
      end(!isBuilding);
      settle?.reject(new Error('已取消'));
    },
  };
}
