import { Fragment, useEffect, useState } from 'react';
import { accessDeniedText, type AccessDeniedReason, type ApiClient } from '../../shared/api';
import { App } from './App';

// What the page shows once the host refuses its token (a restart of
// `commandpost serve` made a new one, or the kiosk token was rotated): why,
// and how to get a working URL — the same words as the page the host serves
// for such a URL — in place of a console that would stay "Offline" forever.

/** Text with `code` spans for the commands quoted in backticks. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (
        <Fragment key={i}>{i % 2 === 1 ? <code>{part}</code> : part}</Fragment>
      ))}
    </>
  );
}

export function AccessDenied({ reason }: { reason: AccessDeniedReason }) {
  const text = accessDeniedText(reason);
  useEffect(() => {
    document.title = `Command Post — ${text.title}`;
  }, [text.title]);
  return (
    <main className="access-denied" data-testid="access-denied" data-reason={reason}>
      <h1>{text.title}</h1>
      <p>
        <WithCode text={text.why} />
      </p>
      <h2>How to get a working URL</h2>
      <ul>
        {text.fixes.map((f) => (
          <li key={f}>
            <WithCode text={f} />
          </li>
        ))}
      </ul>
    </main>
  );
}

/** Something that can say the host refused this page's token (the WebSocket client); IPC never is refused. */
export interface AccessDenials {
  onAccessDenied(listener: (reason: AccessDeniedReason) => void): () => void;
}

/** The console, until the host refuses the token; then the page that says why. */
export function Boot({ client, denials }: { client: ApiClient; denials: AccessDenials | null }) {
  const [denied, setDenied] = useState<AccessDeniedReason | null>(null);
  useEffect(() => denials?.onAccessDenied(setDenied), [denials]);
  return denied === null ? <App client={client} /> : <AccessDenied reason={denied} />;
}
