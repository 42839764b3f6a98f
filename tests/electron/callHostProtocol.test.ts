/**
 * The call host's pool (electron/callHost/protocol.ts) driven through ports of the test's own: tasks go to
 * the workers in the order they came, never more workers than the pool's size, errors and progress come back
 * as sent, a stream is pulled one chunk at a time, cancel takes a task off the queue or stops (then kills)
 * its worker, a worker that dies answers its task with a clear message and a new one takes its place, and
 * an export never holds every worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../db/domain/errors';
import { CallPool, CANCELLED_MESSAGE, CLOSED_MESSAGE, type HostMessage, type Outcome, type Task, type WorkerMessage, type WorkerPort } from '../../electron/callHost/protocol';

class FakeWorker implements WorkerPort {
  readonly received: HostMessage[] = [];
  killed = false;
  private listener: ((m: WorkerMessage) => void) | null = null;
  private exitListener: ((reason: string) => void) | null = null;
  constructor(readonly n: number) {}
  post(message: HostMessage): void {
    this.received.push(message);
  }
  onMessage(listener: (m: WorkerMessage) => void): void {
    this.listener = listener;
  }
  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
  }
  send(message: WorkerMessage): void {
    this.listener?.(message);
  }
  die(reason: string): void {
    this.exitListener?.(reason);
  }
  /** The ids of the tasks this worker was asked to run, in order. */
  runs(): number[] {
    return this.received.flatMap((m) => (m.type === 'run' ? [m.id] : []));
  }
  lastRun(): number {
    return this.runs().at(-1)!;
  }
}

function pool(options: { size?: number; cancelGraceMs?: number } = {}) {
  const workers: FakeWorker[] = [];
  const p = new CallPool({
    spawn: () => {
      const w = new FakeWorker(workers.length);
      workers.push(w);
      return w;
    },
    size: options.size ?? 2,
    cancelGraceMs: options.cancelGraceMs ?? 50,
    isBackground: (t) => t.kind === 'export',
  });
  return { p, workers };
}

const call = (week: string): Task => ({ kind: 'call', name: 'stats:week', input: { week }, ctx: { actor: null, caller: { transport: 'direct', session: null, address: 'cli' } }, now: 0 });
const exportTask = (file: string): Task => ({ kind: 'export', format: 'csv', filter: {}, file, now: 0 });
const settled = <T>(promise: Promise<T>) => {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe('call host pool', () => {
  it('hands tasks to at most `size` workers in the order they came, and each answer to its own caller', async () => {
    const { p, workers } = pool({ size: 2 });
    const answers = ['W01', 'W02', 'W03', 'W04'].map((w) => settled(p.run(call(`2026-${w}`))));
    expect(workers).toHaveLength(2);
    expect(p.queued).toBe(2);
    const [a, b] = workers;
    expect(a!.runs()).toEqual([1]);
    expect(b!.runs()).toEqual([2]);
    // The second worker answers first: the third task goes to it, the fourth waits for the next free one.
    b!.send({ type: 'value', id: 2, value: 'two' });
    await tick();
    expect(b!.runs()).toEqual([2, 3]);
    a!.send({ type: 'value', id: 1, value: 'one' });
    await tick();
    expect(a!.runs()).toEqual([1, 4]);
    b!.send({ type: 'value', id: 3, value: 'three' });
    a!.send({ type: 'value', id: 4, value: 'four' });
    await tick();
    expect(answers.map((s) => (s.value as Outcome & { type: 'value' }).value)).toEqual(['one', 'two', 'three', 'four']);
    expect(workers).toHaveLength(2);
    const run = a!.received.find((m) => m.type === 'run');
    expect(run).toMatchObject({ type: 'run', id: 1, task: { kind: 'call', name: 'stats:week', input: { week: '2026-W01' } } });
  });

  it('answers an error with its kind and message, passes progress on, and ignores words about tasks that are over', async () => {
    const { p, workers } = pool({ size: 1 });
    const progress: unknown[] = [];
    const failing = settled(p.run(call('2026-W01'), { onProgress: (x) => progress.push(x) }));
    const w = workers[0]!;
    w.send({ type: 'progress', id: 1, progress: { done: 10, total: 100 } });
    w.send({ type: 'progress', id: 99, progress: { done: 1, total: 1 } });
    w.send({ type: 'error', id: 1, error: { kind: 'invalid-input', message: '周次无效' } });
    w.send({ type: 'value', id: 1, value: 'late' });
    await tick();
    expect(progress).toEqual([{ done: 10, total: 100 }]);
    expect(failing.error).toBeInstanceOf(AppError);
    expect(failing.error).toMatchObject({ kind: 'invalid-input', message: '周次无效' });
  });

  it('streams: the first chunk comes with the answer, each next one only when pulled, the end frees the worker', async () => {
    const { p, workers } = pool({ size: 1 });
    const streamed = p.run({ ...call('x'), name: 'map:points', input: { filter: {} } } as Task);
    const queued = settled(p.run(call('2026-W02')));
    const w = workers[0]!;
    w.send({ type: 'stream', id: 1, first: new Uint8Array([1]) });
    const outcome = await streamed;
    if (outcome.type !== 'stream') throw new Error('expected a stream');
    expect(await outcome.chunks.read()).toEqual(new Uint8Array([1]));
    expect(w.received.filter((m) => m.type === 'pull')).toHaveLength(0);
    const second = outcome.chunks.read();
    expect(w.received.at(-1)).toEqual({ type: 'pull', id: 1 });
    w.send({ type: 'chunk', id: 1, bytes: new Uint8Array([2, 3]) });
    expect(await second).toEqual(new Uint8Array([2, 3]));
    expect(w.runs()).toEqual([1]); // still streaming: the queued task waits
    const end = outcome.chunks.read();
    w.send({ type: 'chunk', id: 1, bytes: null });
    expect(await end).toBeNull();
    await tick();
    expect(w.runs()).toEqual([1, 2]);
    w.send({ type: 'value', id: 2, value: 'ok' });
    await tick();
    expect(queued.value).toEqual({ type: 'value', value: 'ok' });
  });

  it('cancel: a waiting task leaves the queue; a running one is asked to stop, and its worker killed and replaced if it does not', async () => {
    const { p, workers } = pool({ size: 1, cancelGraceMs: 30 });
    const first = new AbortController();
    const second = new AbortController();
    const running = settled(p.run(call('2026-W01'), { signal: first.signal }));
    const waiting = settled(p.run(call('2026-W02'), { signal: second.signal }));
    const third = settled(p.run(call('2026-W03')));
    second.abort();
    await tick();
    expect(waiting.error).toMatchObject({ kind: 'busy', message: CANCELLED_MESSAGE });
    const w = workers[0]!;
    first.abort();
    expect(w.received.at(-1)).toEqual({ type: 'cancel', id: 1 });
    expect(running.done).toBe(false); // the worker may still stop by itself
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(w.killed).toBe(true);
    expect(running.error).toMatchObject({ kind: 'busy', message: CANCELLED_MESSAGE });
    // A new worker took its place and runs the next task; the old one's late answer is ignored.
    expect(workers).toHaveLength(2);
    expect(workers[1]!.runs()).toEqual([3]);
    w.send({ type: 'value', id: 1, value: 'late' });
    workers[1]!.send({ type: 'value', id: 3, value: 'three' });
    await tick();
    expect(third.value).toEqual({ type: 'value', value: 'three' });
  });

  it('cancel: a worker that stops by itself within the grace period is kept', async () => {
    const { p, workers } = pool({ size: 1, cancelGraceMs: 30 });
    const controller = new AbortController();
    const running = settled(p.run(exportTask('/tmp/a.csv'), { signal: controller.signal }));
    controller.abort();
    workers[0]!.send({ type: 'error', id: 1, error: { kind: 'busy', message: CANCELLED_MESSAGE } });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(running.error).toMatchObject({ kind: 'busy' });
    expect(workers[0]!.killed).toBe(false);
    expect(workers).toHaveLength(1);
  });

  it('a stream whose reader gives up is cancelled in its worker and ends', async () => {
    const { p, workers } = pool({ size: 1 });
    const streamed = p.run({ ...call('x'), name: 'map:points', input: { filter: {} } } as Task);
    workers[0]!.send({ type: 'stream', id: 1, first: new Uint8Array([1]) });
    const outcome = await streamed;
    if (outcome.type !== 'stream') throw new Error('expected a stream');
    await outcome.chunks.cancel();
    expect(workers[0]!.received.at(-1)).toEqual({ type: 'cancel', id: 1 });
    workers[0]!.send({ type: 'chunk', id: 1, bytes: null });
    expect(await outcome.chunks.read()).toBeNull();
    const next = settled(p.run(call('2026-W02')));
    expect(workers[0]!.runs()).toEqual([1, 2]);
    workers[0]!.send({ type: 'value', id: 2, value: 2 });
    await tick();
    expect(next.value).toEqual({ type: 'value', value: 2 });
  });

  it('a worker that dies answers its task with a clear Chinese message, is replaced, and the pool keeps serving', async () => {
    const { p, workers } = pool({ size: 2 });
    const lost = settled(p.run(call('2026-W01')));
    const kept = settled(p.run(call('2026-W02')));
    workers[0]!.die('退出代码 1');
    await tick();
    expect(lost.error).toMatchObject({ kind: 'internal' });
    expect((lost.error as Error).message).toMatch(/后台计算进程意外退出（退出代码 1）.*请重试/);
    expect(kept.done).toBe(false);
    const after = settled(p.run(call('2026-W03')));
    expect(workers).toHaveLength(3);
    expect(workers[2]!.runs()).toEqual([3]);
    workers[1]!.send({ type: 'value', id: 2, value: 'two' });
    workers[2]!.send({ type: 'value', id: 3, value: 'three' });
    await tick();
    expect(kept.value).toEqual({ type: 'value', value: 'two' });
    expect(after.value).toEqual({ type: 'value', value: 'three' });
  });

  it('a stream whose worker dies mid-way fails its pending read', async () => {
    const { p, workers } = pool({ size: 1 });
    const streamed = p.run({ ...call('x'), name: 'map:points', input: { filter: {} } } as Task);
    workers[0]!.send({ type: 'stream', id: 1, first: new Uint8Array([1]) });
    const outcome = await streamed;
    if (outcome.type !== 'stream') throw new Error('expected a stream');
    await outcome.chunks.read();
    const pending = outcome.chunks.read();
    workers[0]!.die('内存不足');
    await expect(pending).rejects.toThrow(/后台计算进程意外退出（内存不足）/);
  });

  it('exports take at most size − 1 workers: a statistics call never waits behind two exports', async () => {
    const { p, workers } = pool({ size: 2 });
    settled(p.run(exportTask('/tmp/a.csv')));
    settled(p.run(exportTask('/tmp/b.csv')));
    settled(p.run(call('2026-W01')));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.runs()).toEqual([1]);
    expect(workers[1]!.runs()).toEqual([3]); // the statistics call went ahead of the second export
    workers[0]!.send({ type: 'value', id: 1, value: null });
    await tick();
    expect(workers[0]!.runs()).toEqual([1, 2]);
  });

  it('a worker that cannot be started answers its task and the next task tries again', async () => {
    let attempts = 0;
    const p = new CallPool({
      spawn: () => {
        attempts += 1;
        throw new AppError('internal', '后台计算程序缺失：/nowhere');
      },
      size: 1,
    });
    await expect(p.run(call('2026-W01'))).rejects.toThrow('后台计算程序缺失');
    await expect(p.run(call('2026-W02'))).rejects.toThrow('后台计算程序缺失');
    expect(attempts).toBe(2);
  });

  it('close answers every task as not done and kills the workers; later tasks are refused', async () => {
    const { p, workers } = pool({ size: 1 });
    const running = settled(p.run(call('2026-W01')));
    const waiting = settled(p.run(call('2026-W02')));
    p.close();
    await tick();
    expect(running.error).toMatchObject({ kind: 'busy', message: CLOSED_MESSAGE });
    expect(waiting.error).toMatchObject({ kind: 'busy', message: CLOSED_MESSAGE });
    expect(workers[0]!.killed).toBe(true);
    await expect(p.run(call('2026-W03'))).rejects.toThrow(CLOSED_MESSAGE);
  });
});
