import { createContext } from 'react';

export type ToastTone = 'success' | 'error' | 'info';

export interface ToastInput {
  readonly tone: ToastTone;
  readonly text: string;
  /** A second line: details, e.g. the server's message. */
  readonly detail?: string;
}

export interface ToastApi {
  readonly show: (toast: ToastInput) => void;
}

/** Without a provider (isolated component tests) toasts go nowhere. */
export const ToastContext = createContext<ToastApi>({ show: () => {} });
