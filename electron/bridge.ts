/**
 * The object the preload exposes to the page as `window.griddesk`: exactly one function per call in
 * the contract, each forwarding to its own IPC channel. Nothing else of Electron reaches the page.
 */
import { callNames, channelFor, type CallName, type Result } from './contract';

export type Bridge = { readonly [K in CallName]: (input: unknown) => Promise<Result<unknown>> };

export function createBridge(invoke: (channel: string, input: unknown) => Promise<unknown>): Bridge {
  const bridge: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const name of callNames) {
    bridge[name] = (input: unknown) => invoke(channelFor(name), input ?? {}) as Promise<Result<unknown>>;
  }
  return Object.freeze(bridge) as Bridge;
}
