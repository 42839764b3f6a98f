/**
 * The Web Worker that builds the map's cluster index off the page's thread: it is sent the binary
 * answer of map:points as it arrives, decodes it chunk by chunk, builds the index at the end and hands
 * every array back without a copy. The page keeps the worker for its next load (its code stays compiled)
 * and ends it when a load is dropped during a build.
 */
import { workerSide, type BuildReply, type BuildRequest } from './clusterBuild';
import { warmUpClusterBuild } from './clusterIndex';

interface WorkerScope {
  onmessage: ((e: MessageEvent<BuildRequest>) => void) | null;
  postMessage(message: BuildReply, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const handle = workerSide((reply, transfer) => scope.postMessage(reply, transfer));
scope.onmessage = (e) => handle(e.data);
// The build's code compiled ahead (the page is still reading the points), then ready: the page sends its
// bytes from now on.
warmUpClusterBuild();
scope.postMessage({ build: 0, type: 'ready' });
