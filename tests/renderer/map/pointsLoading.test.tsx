/**
 * How the map gets its points: the streamed answer fed to the cluster worker (here a stand-in that runs
 * the worker's own side of the protocol in this thread), the worker kept for the next load, a dropped
 * load never mixed into the next one; and on the page, the count of points received while they load,
 * then the total, or the reason an answer could not be used.
 */
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunksOf, encodeChunk, encodeEnd, encodeHeader, pointsAnswer, readAllPoints, type ByteChunks } from '../../../electron/contract/mapPointsWire';
import { createClient } from '../../../renderer/api/client';
import { MapPage } from '../../../renderer/features/map/MapPage';
import { workerSide, type BuildReply, type BuildRequest } from '../../../renderer/features/map/points/clusterBuild';
import { setClusterWorkerFactory, startClusterBuild } from '../../../renderer/features/map/points/clusterBuilder';
import { buildClusterIndex } from '../../../renderer/features/map/points/clusterIndex';
import { pointsFrom, type MapPoints } from '../../../renderer/features/map/points/pointsCodec';
import { createFakeClient, MAP_POINTS } from '../fixtures';
import { renderWithApi } from '../renderWithApi';

/** A Worker stand-in: messages cross asynchronously, as they do, to the worker's own protocol code. */
class StandInWorker {
  static made: StandInWorker[] = [];
  onmessage: ((e: MessageEvent<BuildReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  isTerminated = false;
  readonly received: BuildRequest['type'][] = [];
  private readonly handle = workerSide((reply) => {
    setTimeout(() => {
      if (!this.isTerminated) this.onmessage?.({ data: reply } as MessageEvent<BuildReply>);
    }, 0);
  });

  constructor(readonly fails = false) {
    StandInWorker.made.push(this);
    // The script loads, then says it is ready; or it cannot be loaded at all.
    setTimeout(() => {
      if (this.isTerminated) return;
      if (fails) this.onerror?.({ message: '', preventDefault() {} } as unknown as ErrorEvent);
      else this.onmessage?.({ data: { build: 0, type: 'ready' } } as MessageEvent<BuildReply>);
    }, 0);
  }

  postMessage(request: BuildRequest): void {
    if (this.isTerminated) return;
    this.received.push(request.type);
    setTimeout(() => !this.isTerminated && this.handle(request), 0);
  }

  terminate(): void {
    this.isTerminated = true;
  }
}

function useStandIn(): void {
  StandInWorker.made = [];
  setClusterWorkerFactory(() => new StandInWorker() as unknown as Worker);
}

afterEach(() => setClusterWorkerFactory(null));

function somePoints(n: number, seed = 1): MapPoints {
  return pointsFrom(
    Array.from({ length: n }, (_, i) => ({
      id: seed * 1000 + i,
      lon: 112.98 + ((i * 37) % 100) * 0.0004,
      lat: 28.18 + ((i * 53) % 100) * 0.0003,
      status: i % 3 === 0 ? 'closed' : 'handling',
      overdue: i % 7 === 0,
    })),
  );
}

async function feed(build: ReturnType<typeof startClusterBuild>, answer: ByteChunks): Promise<void> {
  for (let bytes = await answer.read(); bytes !== null; bytes = await answer.read()) build.push(bytes);
}

describe('cluster worker', () => {
  it('builds the same index as on the page, reports progress, and is kept for the next load', async () => {
    useStandIn();
    const points = somePoints(900);
    const progress: number[] = [];
    const first = startClusterBuild((n) => progress.push(n));
    await feed(first, pointsAnswer(points, 0, 200));
    const index = await first.finish();
    expect(progress).toEqual([0, 200, 400, 600, 800, 900, 900]); // header, five chunks, end
    const expected = buildClusterIndex(points);
    for (const zoom of [12, 15, 18]) expect(index.clusters([112, 27, 114, 29], zoom)).toEqual(expected.clusters([112, 27, 114, 29], zoom));
    expect([...index.points.ids]).toEqual([...points.ids]);

    const second = startClusterBuild();
    await feed(second, pointsAnswer(somePoints(50, 2)));
    expect((await second.finish()).points.count).toBe(50);
    expect(StandInWorker.made).toHaveLength(1);
    expect(StandInWorker.made[0]!.isTerminated).toBe(false);
  });

  it('a load dropped while its bytes arrive leaves nothing in the next one; dropped while building, the worker is stopped', async () => {
    useStandIn();
    const dropped = startClusterBuild();
    const parts = pointsAnswer(somePoints(600, 3), 0, 100);
    for (let k = 0; k < 3; k++) dropped.push((await parts.read())!);
    dropped.abort();
    await expect(dropped.finish()).rejects.toThrow('已取消');

    const next = startClusterBuild();
    await feed(next, pointsAnswer(somePoints(40, 4)));
    const index = await next.finish();
    expect(index.points.count).toBe(40);
    expect(index.points.ids[0]).toBe(4000);
    expect(StandInWorker.made).toHaveLength(1);

    const building = startClusterBuild();
    await feed(building, pointsAnswer(somePoints(40, 5)));
    const result = building.finish();
    building.abort();
    await expect(result).rejects.toThrow('已取消');
    expect(StandInWorker.made[0]!.isTerminated).toBe(true);
    const fresh = startClusterBuild();
    await feed(fresh, pointsAnswer(somePoints(10, 6)));
    expect((await fresh.finish()).points.count).toBe(10);
    expect(StandInWorker.made).toHaveLength(2);
  });

  it('builds on the page when the worker script cannot be loaded, from the bytes that waited meanwhile', async () => {
    StandInWorker.made = [];
    setClusterWorkerFactory(() => new StandInWorker(true) as unknown as Worker);
    const points = somePoints(300, 7);
    const build = startClusterBuild();
    await feed(build, pointsAnswer(points, 0, 100));
    const index = await build.finish();
    expect([...index.points.ids]).toEqual([...points.ids]);
    expect(index.clusters([112, 27, 114, 29], 13)).toEqual(buildClusterIndex(points).clusters([112, 27, 114, 29], 13));
    expect(StandInWorker.made[0]!.received).toEqual([]); // nothing was sent to the worker that never started
  });

  it('an answer cut short is refused, and that worker is not used again', async () => {
    useStandIn();
    const build = startClusterBuild();
    const all = pointsAnswer(somePoints(300), 0, 100);
    build.push((await all.read())!);
    build.push((await all.read())!);
    await expect(build.finish()).rejects.toThrow(/不完整/);
    expect(StandInWorker.made[0]!.isTerminated).toBe(true);
  });
});

describe('map page while the points load', () => {
  async function renderMap(answer: () => ByteChunks) {
    window.location.hash = '#/map';
    const client = createFakeClient();
    client['map:points'] = vi.fn(async () => answer());
    renderWithApi(<MapPage selectedCode={null} onSelect={vi.fn()} showPoints={false} />, client);
    await screen.findByRole('region', { name: '网格地图' });
    return client;
  }

  it('counts the points received while they stream in, then shows the total', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = { ...MAP_POINTS, count: 2, ids: MAP_POINTS.ids.subarray(0, 2), coords: MAP_POINTS.coords.subarray(0, 4), status: MAP_POINTS.status.subarray(0, 2), overdue: MAP_POINTS.overdue.subarray(0, 2) };
    const rest = { count: 1, ids: MAP_POINTS.ids.subarray(2), coords: MAP_POINTS.coords.subarray(4), status: MAP_POINTS.status.subarray(2), overdue: MAP_POINTS.overdue.subarray(2) };
    const parts = [encodeHeader(0), encodeChunk(first), encodeChunk(rest), encodeEnd(3)];
    await renderMap(() => {
      let k = 0;
      return {
        read: async () => {
          if (k === 2) await gate;
          return k < parts.length ? parts[k++]! : null;
        },
        cancel: async () => {},
      };
    });
    expect(await screen.findByText('正在载入案件 2 件…')).toBeInTheDocument();
    release();
    expect(await screen.findByText('共 3 件')).toBeInTheDocument();
  });

  it('names an answer cut short instead of drawing part of it', async () => {
    await renderMap(() => chunksOf([encodeHeader(0), encodeChunk(MAP_POINTS)]));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/读取案件点失败：案件点数据不完整：传输在 3 个点后中断/), { timeout: 5000 });
  });
});

describe('the client in browser mode', () => {
  const memory = { get: () => 'sess', set: () => {}, clear: () => {} };

  it('reads a binary answer as the ByteChunks the bridge gives in Electron; a refusal stays an error', async () => {
    const parts = [encodeHeader(7), encodeChunk(MAP_POINTS), encodeEnd(3)];
    // Cut where the network may cut: inside frames.
    const bytes = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
    parts.reduce((at, b) => (bytes.set(b, at), at + b.byteLength), 0);
    const body = () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let at = 0; at < bytes.byteLength; at += 13) c.enqueue(bytes.slice(at, at + 13));
          c.close();
        },
      });
    const fetchFn = vi.fn(async (url: string, init: RequestInit) => {
      expect(url).toBe('./api/map:points');
      expect(init.headers).toMatchObject({ 'x-griddesk-token': 'tok', 'x-griddesk-session': 'sess' });
      return new Response(body(), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
    });
    const client = createClient({ bridge: null, fetch: fetchFn, token: 'tok', session: memory });
    const got = await readAllPoints(await client['map:points']({ filter: {} }));
    expect([got.count, got.at, [...got.ids]]).toEqual([3, 7, [...MAP_POINTS.ids]]);

    const refused = createClient({
      bridge: null,
      token: 'tok',
      session: memory,
      fetch: async () =>
        new Response(JSON.stringify({ ok: false, error: { kind: 'unauthorized', message: '请先登录' } }), { status: 401, headers: { 'content-type': 'application/json' } }),
    });
    await expect(refused['map:points']({ filter: {} })).rejects.toMatchObject({ kind: 'unauthorized', message: '请先登录' });
  });
});
