// Runs sandboxed, with context isolation: exposes only the typed bridge and the live feed's one
// subscription (onLive), never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { createLiveSubscription } from './liveBridge';

contextBridge.exposeInMainWorld('griddesk', {
  ...createBridge((channel, input) => ipcRenderer.invoke(channel, input)),
  onLive: createLiveSubscription(ipcRenderer),
});
