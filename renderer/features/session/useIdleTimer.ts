import { useEffect, useRef } from 'react';

/** What counts as someone at the desk. */
const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'pointerdown'] as const;

/**
 * Calls onIdle once the page has seen no mouse or keyboard for `minutes` (0 = never), and onActive
 * (throttled) while someone is at the desk. One timer, set for
 * the earliest moment the desk could be idle; activity only notes the time, so moving the mouse costs
 * nothing. Restarts when `minutes` changes or the timer is enabled again (after an unlock).
 */
export function useIdleTimer(minutes: number, onIdle: () => void, isEnabled = true, onActive?: () => void): void {
  const onIdleRef = useRef(onIdle);
  const onActiveRef = useRef(onActive);
  useEffect(() => {
    onIdleRef.current = onIdle;
    onActiveRef.current = onActive;
  });

  useEffect(() => {
    if (!isEnabled || !(minutes > 0)) return;
    const limit = minutes * 60_000;
    // The host counts idle time from the last call: activity without calls tells it at most once a minute
    // (and well inside the limit), so the two clocks agree.
    const heartbeat = Math.min(60_000, limit / 3);
    let last = Date.now();
    let told = last;
    let timer = 0;
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) onIdleRef.current();
      else timer = window.setTimeout(check, limit - idle);
    };
    const onActivity = () => {
      last = Date.now();
      if (last - told >= heartbeat) {
        told = last;
        onActiveRef.current?.();
      }
    };
    timer = window.setTimeout(check, limit);
    for (const name of ACTIVITY) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [minutes, isEnabled]);
}
