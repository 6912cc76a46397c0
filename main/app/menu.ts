import type { MenuItemConstructorOptions } from 'electron';

// The application menu: the usual roles, plus the console's own entry point
// (the command palette). Built as plain data so it can be tested without
// Electron; index.ts hands it to Menu.buildFromTemplate.

export interface MenuActions {
  /** Open (or close) the renderer's command palette. */
  commandPalette(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Developer tools only where the app is not packaged. */
  isPackaged: boolean;
}

/**
 * The palette's accelerator is only displayed, not registered: a registered
 * menu accelerator would swallow Ctrl/Cmd+K before the page sees it, and the
 * renderer already handles that key (renderer/palette). Clicking the item
 * sends the page the same keystroke, so there is one code path for both.
 */
const paletteItem = (actions: MenuActions): MenuItemConstructorOptions => ({
  id: 'command-palette',
  label: 'Command Palette…',
  accelerator: 'CmdOrCtrl+K',
  registerAccelerator: false,
  click: () => actions.commandPalette(),
});

export function applicationMenuTemplate(opts: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: opts.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    { label: '&File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(mac ? [{ role: 'pasteAndMatchStyle' } as const, { role: 'delete' } as const] : [{ role: 'delete' } as const]),
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        paletteItem(actions),
        { type: 'separator' },
        { role: 'reload' },
        ...(opts.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Window',
      role: 'windowMenu',
      submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [{ label: 'Keyboard Shortcuts', click: () => actions.commandPalette() }, ...(mac ? [] : [{ role: 'about' } as const])],
    },
  );
  return template;
}
