import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'GridDesk';
export const DATABASE_FILE = 'griddesk.sqlite';

/**
 * The per-user app-data folder, the same one Electron's app.getPath('userData') gives for GridDesk,
 * so browser mode and the desktop window share one database.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') {
    return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_NAME);
  }
  if (platform === 'darwin') {
    return path.join(os.homedir(), 'Library', 'Application Support', APP_NAME);
  }
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_NAME);
}

/** GRIDDESK_DB overrides the database file; otherwise it lives in the app-data folder. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRIDDESK_DB ? path.resolve(env.GRIDDESK_DB) : path.join(defaultUserDataDir(env), DATABASE_FILE);
}
