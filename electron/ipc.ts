/**
 * Binds the handlers to Electron IPC: one channel per call, each checking the sender frame before
 * anything runs. Takes the ipcMain-like object as an argument so main.ts stays the only Electron user.
 */
import { callNames, channelFor, type Handlers, type Result } from './contract';
import { invokeCall } from './handlers/invoke';
import { isTrustedSender, type SenderFrameLike } from './security';

export interface IpcEventLike {
  readonly senderFrame: SenderFrameLike | null;
  /** The window's web contents; its id keys the window's session. */
  readonly sender?: { readonly id: number } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => unknown): void;
}

/**
 * Each window has its own session, kept here by the window's id: a login over IPC binds the new token to
 * the window that logged in, and the page never handles it.
 */
export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers | (() => Handlers)): { forgetWindow(id: number): void } {
  const sessionByWindow = new Map<number, string>();
  for (const name of callNames) {
    ipcMain.handle(channelFor(name), async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { kind: 'forbidden', message: '拒绝来自非本应用页面的调用' } };
      }
      const windowId = event.sender?.id ?? -1;
      const result = await invokeCall(typeof handlers === 'function' ? handlers() : handlers, name, input, {
        transport: 'electron',
        session: sessionByWindow.get(windowId) ?? null,
        address: `window ${windowId}`,
      });
      if (result.ok && (name === 'session:login' || name === 'session:setup')) {
        const { token, ...rest } = result.value as { token: string };
        sessionByWindow.set(windowId, token);
        return { ok: true, value: { ...rest, token: '' } };
      }
      if (name === 'session:logout') sessionByWindow.delete(windowId);
      return result;
    });
  }
  return { forgetWindow: (id) => sessionByWindow.delete(id) };
}
