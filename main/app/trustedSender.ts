import { pathToFileURL } from 'node:url';

// Which frames may call the API over IPC: the main frame of our own window,
// showing our own renderer (the built index.html, or the electron-vite dev
// server during development). Navigation is already blocked, so this is the
// second lock on the same door: an iframe, another window, or our window
// after something made it load a foreign page, gets `unauthorized`.

/** The parts of a WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
  readonly parent: unknown;
}

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface SenderLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface RendererLocation {
  /** Absolute path of the built renderer's index.html. */
  indexFile: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), only when running unpackaged. */
  devServerUrl: string | null;
}

export interface TrustedWindow {
  readonly webContents: { readonly mainFrame: FrameLike } | null;
}

/** True for a URL of our renderer: the index.html file itself, or a page of the dev server's origin. */
export function isRendererUrl(url: string, where: RendererLocation): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return parsed.host === '' && parsed.pathname === pathToFileURL(where.indexFile).pathname;
  if (where.devServerUrl === null) return false;
  try {
    return parsed.origin === new URL(where.devServerUrl).origin;
  } catch {
    return false;
  }
}

/** Only our window's top-level frame, showing our renderer. */
export function isTrustedSender(event: SenderLike, window: TrustedWindow | null, where: RendererLocation): boolean {
  const contents = window?.webContents ?? null;
  const frame = event.senderFrame;
  if (contents === null || frame === null) return false;
  if (event.sender !== contents) return false;
  const main = contents.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isRendererUrl(frame.url, where);
}
