/**
 * The logged-in session's token in browser mode. The host hands it out at login and the page sends it on
 * every call (SESSION_HEADER). It is kept in memory and in this tab's sessionStorage, so a reload in the
 * same tab stays logged in while another tab, or the browser after it is closed, must log in again.
 * Never in localStorage. In Electron the host keeps the session per window and the token is ''.
 */
export const SESSION_STORAGE_KEY = 'griddesk.session';

export interface SessionTokenStore {
  /** The token, or '' when nobody is logged in from this tab. */
  get(): string;
  set(token: string): void;
  clear(): void;
}

/** A store over one Storage (null: memory only, for tests and refused storage). */
export function createSessionTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): SessionTokenStore {
  let token: string | null = null;
  const read = (): string => {
    if (token === null) {
      try {
        token = storage?.getItem(SESSION_STORAGE_KEY) ?? '';
      } catch {
        token = '';
      }
    }
    return token;
  };
  const write = (next: string): void => {
    token = next;
    try {
      if (next) storage?.setItem(SESSION_STORAGE_KEY, next);
      else storage?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Storage refused (private mode, quota): the session lasts as long as this page.
    }
  };
  return { get: read, set: write, clear: () => write('') };
}

function tabStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

/** This tab's store, shared by every client the page creates. */
export const tabSessionToken: SessionTokenStore = createSessionTokenStore(tabStorage());
