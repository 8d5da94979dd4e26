'use client';

import { useEffect } from 'react';
import { authClient } from '~/lib/auth-client';

/** How often an open admin tab asks for its session (better-auth refreshes it when due). */
const EVERY_MS = 60 * 60 * 1000;

/**
 * Keeps a working staff member signed in. Pages read the session in server components, which
 * cannot set cookies, so better-auth's refresh (a day after the last one, `updateAge`) would
 * move the session's row but never the cookie, and the browser would drop the cookie seven days
 * after sign-in mid-work. This asks `/api/auth/get-session`, a route handler that can set the
 * cookie, on load, when the tab is shown again and hourly while it stays open; the answer is
 * not used.
 */
export function SessionKeeper() {
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible')
        void authClient.getSession().catch(() => undefined);
    };
    refresh();
    const timer = window.setInterval(refresh, EVERY_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, []);
  return null;
}
