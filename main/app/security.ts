import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/api';

// The renderer is treated as untrusted web content: these are the policies
// every Command Post session and web contents get (Electron's security
// checklist). The window's own webPreferences are in window.ts, written out
// literally so that a reader and electronegativity can both check them there.

// The one CSP, shared with `commandpost serve` (shared/api); re-exported for the tests and callers here.
export { CONTENT_SECURITY_POLICY };

/** Only https links leave the app, and only to the user's browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Every permission request (camera, notifications from the page, geolocation, …) is refused; CSP goes on every response. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * No navigation away from the renderer, no new windows, no <webview>; an
 * https link the page tries to open goes to the user's browser instead.
 * Applied to every web contents the app creates, not just the main window's.
 */
export function hardenWebContents(contents: ContentsLike, openExternal: (url: string) => Promise<void>, log: (line: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      openExternal(url).catch((err: unknown) => log(`could not open ${url} in the browser: ${err instanceof Error ? err.message : String(err)}`));
    }
    return { action: 'deny' };
  });
}
