// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useCatalogImportStore } from '../../../../renderer/catalog';
import { App } from '../../../../renderer/app/App';
import { FakeApi } from '../fakeApi';
import { demoState } from '../fixtures';
import { useCleanConsole } from '../domMocks';

describe('Backstage import dialog', () => {
  useCleanConsole();

  it('sends the picked files’ text, previews, imports, and shows a refusal with file and line', async () => {
    const api = new FakeApi(demoState());
    let calls = 0;
    api.extra['catalog:import'] = (p) => {
      calls += 1;
      if (calls === 3)
        return { ok: false, error: { code: 'bad_request', message: 'Backstage import failed, nothing was imported (1 problem(s)):\n  a.yaml:4: bad YAML' } };
      return {
        ok: true,
        value: {
          files: p.files.map((f) => f.name),
          imported: 2,
          skipped: ['b.yaml:1: kind User is not imported'],
          notes: [],
          changes: p.dryRun === true ? ['service payments "Payments"', 'team sre "SRE"'] : [],
          counts: { teams: 1, services: 1, edgesAdded: 0, edgesRemoved: 0 },
          appended: p.dryRun === true ? 0 : 2,
          dryRun: p.dryRun === true,
        },
      };
    };
    render(<App client={api} />);
    await screen.findByTestId('service-node-db');
    fireEvent.click(screen.getByRole('button', { name: 'Import catalog…' }));
    expect(useCatalogImportStore.getState().open).toBe(true);
    const file = new File(['kind: Component\n'], 'a.yaml', { type: 'application/yaml' });
    fireEvent.change(screen.getByLabelText('Backstage files'), { target: { files: [file] } });
    await waitFor(() => expect((screen.getByRole('button', { name: 'Preview import' }) as HTMLButtonElement).disabled).toBe(false));

    fireEvent.click(screen.getByRole('button', { name: 'Preview import' }));
    expect((await screen.findByTestId('catalog-import-report')).textContent).toMatch(
      /Would append 2 entries.*service payments "Payments".*kind User is not imported/s,
    );
    expect(api.calls.find((c) => c.method === 'catalog:import')?.params).toEqual({ files: [{ name: 'a.yaml', text: 'kind: Component\n' }], dryRun: true });

    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.getByTestId('catalog-import-report').textContent).toMatch(/Appended 2 entries/));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByTestId('catalog-import-error')).textContent).toMatch(/a\.yaml:4: bad YAML/);
  });
});
