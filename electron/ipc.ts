/**
 * Binds the handlers to Electron IPC: one channel per call, each checking the sender frame before
 * anything runs. Takes the ipcMain-like object as an argument so main.ts stays the only Electron user.
 */
import { callNames, channelFor, type Handlers, type Result } from './contract';
import { invokeCall } from './handlers/invoke';
import { isTrustedSender, type SenderFrameLike } from './security';

export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: SenderFrameLike | null }, input: unknown) => unknown): void;
}

export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers): void {
  for (const name of callNames) {
    ipcMain.handle(channelFor(name), async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { kind: 'forbidden', message: '拒绝来自非本应用页面的调用' } };
      }
      return invokeCall(handlers, name, input);
    });
  }
}
