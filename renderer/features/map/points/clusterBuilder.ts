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

/** A worker and whether its script has loaded (it says 'ready'), or failed to. */
interface Started {
  readonly worker: Worker;
  state: 'loading' | 'ready' | 'failed';
  onSettled: (() => void) | null;
}

/** A worker for the next build: made ahead (prepareClusterWorker) or kept from the last build. */
let spare: Started | null = null;
let builds = 0;

function spawn(make: WorkerFactory): Started {
  const started: Started = { worker: make(), state: 'loading', onSettled: null };
  started.worker.onmessage = (e: MessageEvent<BuildReply>) => {
    if (e.data.type !== 'ready' || started.state !== 'loading') return;
    started.state = 'ready';
    started.onSettled?.();
  };
  started.worker.onerror = (e) => {
    e.preventDefault();
    if (started.state !== 'loading') return;
    started.state = 'failed';
    started.worker.terminate();
    if (spare === started) spare = null;
    started.onSettled?.();
  };
  return started;
}

/** Replaces how the worker is made (a benchmark page bundles it its own way); null builds on this thread. */
export function setClusterWorkerFactory(make: WorkerFactory | null): void {
  factory = make;
  spare?.worker.terminate();
  spare = null;
}

/** Starts the worker ahead of the first build (the map page does it as it opens), so its code is loaded meanwhile. */
export function prepareClusterWorker(): void {
  if (factory && !spare) spare = spawn(factory);
}

/**
 * A build in the worker; until the worker has said it is ready the bytes wait here, and should its
 * script fail to load (the page's server too busy to send it, say) the build runs on this thread
 * instead, with the same code and the same result.
 */
export function startClusterBuild(onProgress?: (received: number) => void): ClusterBuilder {
  if (!factory) return inlineBuild(onProgress);
  const started = spare ?? spawn(factory);
  spare = null;
  return workerBuild(started, onProgress);
}

function inlineBuild(onProgress?: (received: number) => void): ClusterBuilder {
  const build = new PointsBuild();
  let failure: unknown = null;
  return {
    push(bytes) {
      if (failure) return;
      try {
        const received = build.push(bytes);
        onProgress?.(received);
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

function workerBuild(started: Started, onProgress?: (received: number) => void): ClusterBuilder {
  const { worker } = started;
  const id = ++builds;
  let mode: 'waiting' | 'worker' | 'inline' = 'waiting';
  let queued: Uint8Array[] = [];
  let inline: ClusterBuilder | null = null;
  let settle: { resolve: (index: ClusterIndex) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  let isOver = false;

  /** Ends this build: the worker is kept for the next one unless it failed or is busy with a dropped build. */
  const end = (keep: boolean) => {
    isOver = true;
    started.onSettled = null;
    if (mode === 'worker') {
      worker.onmessage = null;
      worker.onerror = null;
    }
    if (keep && started.state !== 'failed' && !spare) spare = started;
    else if (started.state !== 'failed') worker.terminate();
  };
  const fail = (e: Error) => {
    if (isOver) return;
    failure = e;
    end(false);
    settle?.reject(e);
  };
  const send = (message: BuildRequest, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  const hand = (bytes: Uint8Array) => {
    // Hand over the buffer when the bytes own all of it, else a copy of them.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    send({ type: 'bytes', bytes: own }, [own.buffer as ArrayBuffer]);
  };

  const useWorker = () => {
    mode = 'worker';
    worker.onmessage = (e: MessageEvent<BuildReply>) => {
      const reply = e.data;
      if (reply.build !== id || isOver) return;
      if (reply.type === 'progress') onProgress?.(reply.received);
      else if (reply.type === 'error') fail(new Error(reply.message));
      else if (reply.type === 'done') {
        end(true);
        settle?.resolve(clusterIndexFrom(reply.data));
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(new Error(`后台线程出错：${e.message || '已停止'}`));
    };
    send({ type: 'start', build: id });
    for (const bytes of queued) hand(bytes);
    queued = [];
    if (settle) send({ type: 'finish' });
  };
  const useThisThread = () => {
    mode = 'inline';
    inline = inlineBuild(onProgress);
    for (const bytes of queued) inline.push(bytes);
    queued = [];
    if (settle) inline.finish().then(settle.resolve, settle.reject);
  };
  const settled = () => {
    if (isOver) return;
    if (started.state === 'ready') useWorker();
    else useThisThread();
  };
  if (started.state === 'loading') started.onSettled = settled;
  else settled();

  return {
    push(bytes) {
      if (isOver) return;
      if (mode === 'waiting') queued.push(bytes);
      else if (mode === 'worker') hand(bytes);
      else inline!.push(bytes);
    },
    finish: () =>
      new Promise<ClusterIndex>((resolve, reject) => {
        if (failure) return reject(failure);
        if (isOver) return reject(new Error('已取消'));
        settle = { resolve, reject };
        if (mode === 'worker') send({ type: 'finish' });
        else if (mode === 'inline') inline!.finish().then(resolve, reject);
      }),
    abort: () => {
      if (isOver) return;
      // Before the end its bytes are only queued (a fresh start clears them); during the build, stop it.
      const isBuilding = settle !== null && mode === 'worker';
      end(!isBuilding);
      settle?.reject(new Error('已取消'));
    },
  };
}
