import { useState } from 'react';
import { Icon } from '../../ui/Icon';
import { askNoticePermission, noticePermission, wasAsked } from './desktopNotices';

/**
 * The state of desktop reminders, and the one offer to turn them on: a button while the browser has not
 * been asked (asked once, from this click; not offered again once asked, whatever the answer).
 */
export function NoticeToggle() {
  const [permission, setPermission] = useState(noticePermission);
  const [isAsked, setAsked] = useState(wasAsked);

  if (permission === 'unsupported') return null;
  if (permission === 'granted') {
    return (
      <span className="gd-queuehead__notice" title="待办临期或超时，桌面上会弹出提醒（GridDesk 打开时）">
        <Icon name="bell" size={14} />
        桌面提醒已开启
      </span>
    );
  }
  if (permission === 'denied') {
    return (
      <span className="gd-queuehead__notice gd-queuehead__notice--off" title="通知已被禁止：可在浏览器的网站设置中允许">
        <Icon name="bell" size={14} />
        桌面提醒未开启
      </span>
    );
  }
  if (isAsked) return null;
  return (
    <button
      type="button"
      className="gd-button gd-button--small"
      title="待办临期或超时时在桌面上提醒您"
      onClick={async () => {
        setAsked(true);
        setPermission(await askNoticePermission());
      }}
    >
      <Icon name="bell" size={14} />
      开启桌面提醒
    </button>
  );
}
