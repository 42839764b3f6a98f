/**
 * The Web Worker that builds the map's cluster index off the page's thread: it is sent the binary
 * answer of map:points as it arrives, decodes it chunk by chunk, builds the index at the end and hands
 * every array back without a copy. One worker per load; the page ends it when the load is done or dropped.
 */
import { PointsBuild, type BuildReply, type BuildRequest } from './clusterBuild';
import { transferablesOf } from './clusterIndex';

interface WorkerScope {
  onmessage: ((e: MessageEvent<BuildRequest>) => void) | null;
  postMessage(message: BuildReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const build = new PointsBuild();

scope.onmessage = (e) => {
  try {
    if (e.data.type === 'bytes') {
      scope.postMessage({ type: 'progress', received: build.push(e.data.bytes) });
    } else {
      const data = build.finish();
      scope.postMessage({ type: 'done', data }, transferablesOf(data));
    }
  } catch (err) {
    scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
