// Runs sandboxed, with context isolation: exposes only the typed bridge, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'griddesk',
  createBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);
