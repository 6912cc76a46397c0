// Who the app is to the operating system. On Windows a toast notification is
// shown only for an AppUserModelID that a Start-menu shortcut carries, and the
// NSIS installer writes the shortcut with electron-builder's appId: the two
// must be the same string (a test reads electron-builder.yml to keep them so).

export const APP_USER_MODEL_ID = 'dev.commandpost.console';

export interface AppIdentityTarget {
  setAppUserModelId(id: string): void;
}

/** Set the Windows AppUserModelID (before any window or notification); other platforms need nothing. */
export function applyAppIdentity(platform: NodeJS.Platform, app: AppIdentityTarget): void {
  if (platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
}
