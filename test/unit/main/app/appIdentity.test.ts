import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { APP_USER_MODEL_ID, applyAppIdentity } from '../../../../main/app/appIdentity';

describe('the Windows AppUserModelID', () => {
  it('is set on Windows only', () => {
    const win = { setAppUserModelId: vi.fn() };
    applyAppIdentity('win32', win);
    expect(win.setAppUserModelId).toHaveBeenCalledWith(APP_USER_MODEL_ID);
    const linux = { setAppUserModelId: vi.fn() };
    applyAppIdentity('linux', linux);
    applyAppIdentity('darwin', linux);
    expect(linux.setAppUserModelId).not.toHaveBeenCalled();
  });

  it("equals electron-builder's appId, which the installer's shortcut carries (notifications need both equal)", () => {
    const config = parse(readFileSync(new URL('../../../../electron-builder.yml', import.meta.url), 'utf8')) as { appId: string };
    expect(APP_USER_MODEL_ID).toBe(config.appId);
  });
});
