import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { withPackagedResources } from '../../../../main/app/coreFork';

vi.mock('electron', async () => (await import('./electronMock')).electronModule);

describe('the environment the core process is forked with', () => {
  it('points the demo loader at process.resourcesPath/resources only when packaged', () => {
    expect(withPackagedResources({}, true, '/opt/Command Post/resources')).toEqual({ COMMANDPOST_RESOURCES: join('/opt/Command Post/resources', 'resources') });
    expect(withPackagedResources({}, false, '/opt/x')).toEqual({});
    expect(withPackagedResources({ COMMANDPOST_RESOURCES: '/mine' }, true, '/opt/x')).toEqual({ COMMANDPOST_RESOURCES: '/mine' });
  });
});
