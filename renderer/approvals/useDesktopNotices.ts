import { useEffect, useState } from 'react';
import { approvalNotices, assignmentNotices } from '../../shared/notices';
import { useApi } from '../api';
import { useWorkspaceStore } from '../workspace';

// Desktop notifications in the browser console (`commandpost serve`): a task
// handed to this person, an approval they could give. The desktop app's main
// process shows its own (main/app/lifecycle.ts), so this stays quiet there.
// Browsers ask the person first; the Actions panel offers the button.

const supported = (): boolean => typeof Notification !== 'undefined';

export function useDesktopNotices(): void {
  const client = useApi();
  useEffect(
    () =>
      client.onStateChanged((event) => {
        const { session, state } = useWorkspaceStore.getState();
        if (session === null || state === null || session.transport !== 'websocket') return;
        if (!supported() || Notification.permission !== 'granted') return;
        const notices = [...assignmentNotices(event.added, session.me, (id) => state.tasks[id]?.title), ...approvalNotices(event.added, session.me, state)];
        for (const n of notices) new Notification(n.title, { body: n.body, tag: `commandpost-${n.title}-${n.body.slice(0, 40)}` });
      }),
    [client],
  );
}

/** The button's state: null when nothing needs asking (granted, not a browser, no Notification support). */
export function useNotificationPermission(): { ask: (() => void) | null; denied: boolean } {
  const transport = useWorkspaceStore((s) => s.session?.transport ?? null);
  const [permission, setPermission] = useState(supported() ? Notification.permission : 'denied');
  if (transport !== 'websocket' || !supported()) return { ask: null, denied: false };
  return {
    ask: permission === 'default' ? () => void Notification.requestPermission().then(setPermission) : null,
    denied: permission === 'denied',
  };
}
