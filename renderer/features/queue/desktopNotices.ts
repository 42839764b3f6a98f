/**
 * Desktop reminders through the Web Notification API: the browser shows them in browser mode, Electron as
 * the system's own notifications — one implementation. Permission is asked once, from a click (browsers
 * refuse a prompt nobody asked for), and that it was asked is remembered so the offer does not come back.
 */
import type { DesktopNotice } from './queueAlerts';

export type NoticePermission = 'unsupported' | NotificationPermission;

/** Set once the operator was asked (whatever they answered). */
export const ASKED_KEY = 'griddesk.queue.notificationsAsked';

function api(): typeof Notification | null {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification : null;
}

export function noticePermission(): NoticePermission {
  return api()?.permission ?? 'unsupported';
}

export function wasAsked(): boolean {
  try {
    return window.localStorage.getItem(ASKED_KEY) !== null;
  } catch {
    return false;
  }
}

/** Asks for permission (call it from a click); resolves to the answer. */
export async function askNoticePermission(): Promise<NoticePermission> {
  const notification = api();
  if (!notification) return 'unsupported';
  try {
    window.localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    // Storage refused: asked all the same, the browser remembers the answer itself.
  }
  try {
    return await notification.requestPermission();
  } catch {
    return notification.permission;
  }
}

/** Shows a notice when allowed; a click brings the window forward and calls onOpen. */
export function showNotice(notice: DesktopNotice, onOpen: (notice: DesktopNotice) => void): void {
  const notification = api();
  if (!notification || notification.permission !== 'granted') return;
  try {
    const shown = new notification(notice.title, { body: notice.body, tag: notice.tag, lang: 'zh-CN' });
    shown.onclick = () => {
      window.focus();
      onOpen(notice);
      shown.close();
    };
  } catch {
    // A system without a notification service: the badge and the list still tell it.
  }
}
