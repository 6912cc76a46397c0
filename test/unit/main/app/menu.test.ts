import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate } from '../../../../main/app/menu';

type MenuItemConstructorOptions = ReturnType<typeof applicationMenuTemplate>[number];

const labels = (t: MenuItemConstructorOptions[]) => t.map((m) => m.label?.replace('&', ''));
const submenu = (t: MenuItemConstructorOptions[], label: string) => t.find((m) => m.label?.replace('&', '') === label)!.submenu as MenuItemConstructorOptions[];
const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role).filter(Boolean);

describe('application menu', () => {
  it('has File, Edit, View, Window and Help with the usual roles', () => {
    const t = applicationMenuTemplate({ platform: 'linux', appName: 'Command Post', isPackaged: true }, { commandPalette: () => undefined });
    expect(labels(t)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(t, 'File'))).toEqual(['quit']);
    expect(roles(submenu(t, 'Edit'))).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
    expect(roles(submenu(t, 'View'))).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
    expect(roles(submenu(t, 'View'))).not.toContain('toggleDevTools');
    expect(roles(submenu(t, 'Window'))).toEqual(expect.arrayContaining(['minimize', 'close']));
  });

  it('adds the app menu on macOS and developer tools when not packaged', () => {
    const t = applicationMenuTemplate({ platform: 'darwin', appName: 'Command Post', isPackaged: false }, { commandPalette: () => undefined });
    expect(labels(t)).toEqual(['Command Post', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenu(t, 'Command Post'))).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
    expect(roles(submenu(t, 'File'))).toEqual(['close']);
    expect(roles(submenu(t, 'View'))).toContain('toggleDevTools');
  });

  it('View → Command Palette shows Ctrl/Cmd+K without stealing it from the page, and asks the renderer to open the palette', () => {
    const commandPalette = vi.fn();
    const t = applicationMenuTemplate({ platform: 'win32', appName: 'Command Post', isPackaged: true }, { commandPalette });
    const item = submenu(t, 'View').find((i) => i.id === 'command-palette')!;
    expect(item).toMatchObject({ accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    (item.click as () => void)();
    expect(commandPalette).toHaveBeenCalledTimes(1);
  });
});
