/**
 * One build of the cluster index from the binary answer of map:points, fed its bytes as they arrive:
 * the frames are decoded chunk by chunk (so little is left to do when the last byte comes), then the
 * index is built. The same code runs in the Web Worker (clusterWorker.ts) and, on a page without
 * workers, on the page's own thread.
 */
import { PointsDecoder, joinChunks, type PointsChunk } from '../../../../electron/contract/mapPointsWire';
import { buildClusterData, transferablesOf, type ClusterData } from './clusterIndex';

export class PointsBuild {
  private readonly decoder = new PointsDecoder();
  private readonly chunks: PointsChunk[] = [];

  /** Decodes what arrived; returns the number of points received so far. */
  push(bytes: Uint8Array): number {
    for (const c of this.decoder.push(bytes)) this.chunks.push(c);
    return this.decoder.received;
  }

  /** Checks the answer is complete and builds the index. */
  finish(): ClusterData {
    this.decoder.finish();
    const points = this.chunks.length === 1 ? this.chunks[0]! : joinChunks(this.chunks);
    this.chunks.length = 0;
    return buildClusterData(points);
  }
}

/** What the page sends the worker: a new build (numbered), its bytes, its end. */
export type BuildRequest = { readonly type: 'start'; readonly build: number } | { readonly type: 'bytes'; readonly bytes: Uint8Array } | { readonly type: 'finish' };

/** What the worker answers, naming the build (a reused worker may still answer for one the page dropped). */
export type BuildReply = { readonly build: number } & (
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly received: number }
  | { readonly type: 'done'; readonly data: ClusterData }
  | { readonly type: 'error'; readonly message: string }
);

/** The worker's side of the protocol (clusterWorker.ts wires it to its messages). */
export function workerSide(post: (reply: BuildReply, transfer: Transferable[]) => void): (request: BuildRequest) => void {
  let build = new PointsBuild();
  let id = 0;
  return (request) => {
    try {
      if (request.type === 'start') {
        build = new PointsBuild();
        id = request.build;
      } else if (request.type === 'bytes') {
        post({ build: id, type: 'progress', received: build.push(request.bytes) }, []);
      } else {
        const data = build.finish();
        build = new PointsBuild();
        post({ build: id, type: 'done', data }, transferablesOf(data));
      }
    } catch (err) {
      build = new PointsBuild();
      post({ build: id, type: 'error', message: err instanceof Error ? err.message : String(err) }, []);
    }
  };
}
