/**
 * The object the preload exposes to the page as `window.griddesk`: exactly one function per call in
 * the contract, each forwarding to its own IPC channel. Nothing else of Electron reaches the page.
 *
 * A streamed call (STREAMED_CALLS) resolves to the same envelope, its value the ByteChunks reader the
 * contract declares: each read pulls the next binary chunk through STREAM_CHANNEL.
 */
import { callNames, channelFor, type CallName, type Result } from './contract';
import { STREAMED_CALLS, STREAM_CHANNEL, type ByteChunks, type StreamHandle } from './contract/mapPointsWire';

export type Bridge = { readonly [K in CallName]: (input: unknown) => Promise<Result<unknown>> };

type Invoke = (channel: string, input: unknown) => Promise<unknown>;

export function createBridge(invoke: Invoke): Bridge {
  const bridge: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const name of callNames) {
    bridge[name] = STREAMED_CALLS.has(name)
      ? async (input: unknown) => {
          const answer = (await invoke(channelFor(name), input ?? {})) as Result<StreamHandle | null>;
          if (!answer.ok) return answer;
          const stream = answer.value?.stream;
          if (typeof stream !== 'string') return { ok: false, error: { kind: 'internal', message: `桌面程序对 ${name} 的应答不是数据流` } };
          return { ok: true, value: streamReader(invoke, stream) };
        }
      : (input: unknown) => invoke(channelFor(name), input ?? {}) as Promise<Result<unknown>>;
  }
  return Object.freeze(bridge) as Bridge;
}

/** Pulls one stream's chunks; a failed read rejects with the host's message. */
function streamReader(invoke: Invoke, stream: string): ByteChunks {
  return {
    read: async () => {
      const answer = (await invoke(STREAM_CHANNEL, { stream, op: 'read' })) as Result<Uint8Array | null>;
      if (!answer.ok) throw new Error(answer.error.message);
      return answer.value;
    },
    cancel: async () => {
      await invoke(STREAM_CHANNEL, { stream, op: 'cancel' });
    },
  };
}
