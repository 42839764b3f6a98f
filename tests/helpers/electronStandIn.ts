/**
 * A recording stand-in for the `electron` module, for wiring tests of electron/main.ts (the Electron runtime
 * cannot be installed on these machines). It records which calls main makes and in which order, and keeps the
 * listeners and handlers main installs so a test can call them. It is not Electron: nothing is rendered, no
 * IPC crosses a process, no permission prompt exists. Where Electron documents a precondition that main must
 * respect (privileged schemes and the sandbox switch before the app is ready; sessions, protocol handlers and
 * windows only after; one handler per IPC channel) the stand-in throws when it is broken, so a wiring mistake
 * fails the test instead of passing silently.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

type Listener = (...args: never[]) => unknown;

/**
 * utilityProcess.fork: the call host's worker (electron/callHost/worker.ts) from source in a worker thread
 * (the bundle main names, call-worker.cjs, is not built here), behind a utility process's face.
 */
function forkCallWorker(modulePath: string, forks: string[]) {
  forks.push(path.basename(modulePath));
  const entry = path.resolve(import.meta.dirname, '../../electron/callHost/worker.ts');
  const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`, { eval: true });
  worker.unref();
  const child = {
    postMessage: (message: unknown) => worker.postMessage(message),
    on(event: 'message' | 'exit', listener: (value: never) => void) {
      worker.on(event, listener as (value: unknown) => void);
      return child;
    },
    kill: () => {
      void worker.terminate();
      return true;
    },
  };
  return child;
}

export interface StandInOptions {
  /** What app.getPath('userData') answers. */
  readonly userData: string;
  readonly isPackaged?: boolean;
  /** What app.requestSingleInstanceLock() answers (false: another instance runs). */
  readonly singleInstance?: boolean;
  /** The button index dialog.showMessageBoxSync answers. */
  readonly messageBoxChoice?: number;
  /** What app.getPath('documents') answers (default: a Documents folder inside userData). */
  readonly documents?: string;
}

/** The bytes the stand-in's webContents.printToPDF answers: a PDF of two pages, in outline. */
export const STAND_IN_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R] /Count 2>> endobj\n2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 1 0 R>> endobj\n%%EOF\n',
  'latin1',
);

/** The navigation event main's handlers receive: records preventDefault. */
export interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function standInEvent(): StandInEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export function createElectronStandIn(options: StandInOptions) {
  /** Every call main makes, in order: "app.whenReady", "ipcMain.handle griddesk:app:info", "new BrowserWindow", … */
  const calls: string[] = [];
  let isReady = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = () => {
      isReady = true;
      resolve();
    };
  });
  const requireReady = (what: string) => {
    if (!isReady) throw new Error(`stand-in: ${what} before the app is ready`);
  };
  const requireNotReady = (what: string) => {
    if (isReady) throw new Error(`stand-in: ${what} after the app is ready`);
  };

  const app = Object.assign(new Emitter(), {
    isPackaged: options.isPackaged ?? true,
    exitCode: null as number | null,
    quitCalled: false,
    whenReady() {
      calls.push('app.whenReady');
      return ready;
    },
    enableSandbox() {
      requireNotReady('app.enableSandbox');
      calls.push('app.enableSandbox');
    },
    requestSingleInstanceLock() {
      calls.push('app.requestSingleInstanceLock');
      return options.singleInstance ?? true;
    },
    getPath(name: string) {
      calls.push(`app.getPath ${name}`);
      if (name === 'documents') return options.documents ?? `${options.userData}/Documents`;
      if (name !== 'userData') throw new Error(`stand-in: no path for ${name}`);
      return options.userData;
    },
    exit(code = 0) {
      calls.push(`app.exit ${code}`);
      app.exitCode = code;
    },
    quit() {
      calls.push('app.quit');
      app.quitCalled = true;
    },
  });
  const appOn = app.on.bind(app);
  app.on = (event: string, listener: Listener) => {
    calls.push(`app.on ${event}`);
    return appOn(event, listener);
  };

  class WebContents extends Emitter {
    static nextId = 1;
    readonly id = WebContents.nextId++;
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      calls.push(`webContents.setWindowOpenHandler ${this.id}`);
      this.windowOpenHandler = handler;
    }
    /** Records the options and the page it would print (the window's address); answers STAND_IN_PDF. */
    readonly printed: { options: unknown; url: string | null }[] = [];
    owner: BrowserWindow | null = null;
    /** What main sent this window's page (webContents.send), in order. */
    readonly sent: { channel: string; payload: unknown }[] = [];
    send(channel: string, payload: unknown) {
      calls.push(`webContents.send ${channel}`);
      this.sent.push({ channel, payload });
    }
    /** The address the window loaded ('' before any). */
    getURL() {
      return this.owner?.url ?? '';
    }
    printToPDF(printOptions: unknown) {
      calls.push(`webContents.printToPDF ${this.id}`);
      this.printed.push({ options: printOptions, url: this.owner?.url ?? null });
      return Promise.resolve(STAND_IN_PDF);
    }
  }

  const windows: BrowserWindow[] = [];
  /** Every window made, destroyed ones included. */
  const created: BrowserWindow[] = [];
  class BrowserWindow extends Emitter {
    readonly webContents = new WebContents();
    readonly options: Record<string, unknown>;
    url: string | null = null;
    shown = false;
    focused = false;
    isDestroyed = false;
    constructor(windowOptions: Record<string, unknown>) {
      super();
      requireReady('new BrowserWindow');
      calls.push('new BrowserWindow');
      this.options = windowOptions;
      this.webContents.owner = this;
      windows.push(this);
      created.push(this);
      // Electron announces a window's web contents while the window is being made.
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      calls.push(`BrowserWindow.loadURL ${url}`);
      this.url = url;
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    focus() {
      this.focused = true;
    }
    /** Gone from getAllWindows, its web contents announce 'destroyed' (as Electron's do). */
    destroy() {
      calls.push('BrowserWindow.destroy');
      this.isDestroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.webContents.emit('destroyed');
    }
    static getAllWindows() {
      return [...windows];
    }
    static getFocusedWindow() {
      return windows.find((w) => w.focused) ?? null;
    }
  }

  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const refuse = (name: string) => () => {
    calls.push(`ipcMain.${name}`);
    throw new Error(`stand-in: main should not use ipcMain.${name}`);
  };
  const ipcMain = {
    handle(channel: string, listener: (event: unknown, input: unknown) => unknown) {
      calls.push(`ipcMain.handle ${channel}`);
      if (ipcHandlers.has(channel)) throw new Error(`stand-in: a second handler for ${channel}`);
      ipcHandlers.set(channel, listener);
    },
    handleOnce: refuse('handleOnce'),
    on: refuse('on'),
    once: refuse('once'),
    addListener: refuse('addListener'),
  };

  const privilegedSchemes: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      requireNotReady('protocol.registerSchemesAsPrivileged');
      calls.push('protocol.registerSchemesAsPrivileged');
      privilegedSchemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
      requireReady('protocol.handle');
      calls.push(`protocol.handle ${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
  };

  const sessionHandlers: {
    permissionRequest?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
    permissionCheck?: (wc: unknown, permission: string) => boolean;
    devicePermission?: (details: { deviceType?: string }) => boolean;
  } = {};
  const defaultSession = {
    setPermissionRequestHandler(handler: NonNullable<typeof sessionHandlers.permissionRequest>) {
      calls.push('session.setPermissionRequestHandler');
      sessionHandlers.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: NonNullable<typeof sessionHandlers.permissionCheck>) {
      calls.push('session.setPermissionCheckHandler');
      sessionHandlers.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: NonNullable<typeof sessionHandlers.devicePermission>) {
      calls.push('session.setDevicePermissionHandler');
      sessionHandlers.devicePermission = handler;
    },
  };
  const session = {
    get defaultSession() {
      requireReady('session.defaultSession');
      return defaultSession;
    },
  };

  const dialogs = {
    errorBoxes: [] as { title: string; content: string }[],
    messageBoxes: [] as Record<string, unknown>[],
    saveDialogs: [] as { parent: unknown; options: Record<string, unknown> }[],
    /** What the next save dialogs answer, in turn (a path, or null: cancelled); none left: cancelled. */
    saveAnswers: [] as (string | null)[],
  };
  const forks: string[] = [];
  const dialog = {
    showErrorBox(title: string, content: string) {
      calls.push(`dialog.showErrorBox ${title}`);
      dialogs.errorBoxes.push({ title, content });
    },
    showMessageBoxSync(boxOptions: Record<string, unknown>) {
      calls.push('dialog.showMessageBoxSync');
      dialogs.messageBoxes.push(boxOptions);
      return options.messageBoxChoice ?? 0;
    },
    showSaveDialog(parent: unknown, saveOptions: Record<string, unknown>) {
      requireReady('dialog.showSaveDialog');
      calls.push('dialog.showSaveDialog');
      dialogs.saveDialogs.push({ parent, options: saveOptions });
      const answer = dialogs.saveAnswers.shift() ?? null;
      return Promise.resolve(answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer });
    },
  };

  return {
    /** What `import … from 'electron'` gives main. */
    module: { app, BrowserWindow, dialog, ipcMain, protocol, session, utilityProcess: { fork: (modulePath: string) => forkCallWorker(modulePath, forks) } },
    /** The utility processes main started (the call host's workers), by module name. */
    forks,
    calls,
    app,
    windows,
    created,
    ipcHandlers,
    privilegedSchemes,
    protocolHandlers,
    sessionHandlers,
    dialogs,
    /** Electron's 'ready': whenReady() resolves. */
    makeReady: () => markReady(),
    /** Index of the first recorded call starting with `prefix` (-1 when none). */
    indexOf: (prefix: string) => calls.findIndex((c) => c.startsWith(prefix)),
    /** Waits (up to 10 s) until a call starting with `prefix` has been recorded. */
    async until(prefix: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!calls.some((c) => c.startsWith(prefix))) {
        if (Date.now() > deadline) throw new Error(`stand-in: no "${prefix}" within 10 s; calls: ${calls.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Let main finish what it does synchronously after that call.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
