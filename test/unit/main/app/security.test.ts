import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, hardenWebContents, isSafeExternalUrl } from '../../../../main/app/security';

describe('Electron security policies', () => {
  it('has a strict CSP: nothing remote, no eval, no inline script, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
  });

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://status.example.com')).toBe(true);
    for (const url of ['http://x.example', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('reports, rather than throws, when the browser cannot be opened', async () => {
    const listeners = new Map<string, (e: { preventDefault(): void }) => void>();
    let handler: ((d: { url: string }) => { action: string }) | null = null;
    const contents = {
      on: (name: string, l: (e: { preventDefault(): void }) => void) => listeners.set(name, l),
      setWindowOpenHandler: (h: typeof handler) => (handler = h),
    };
    const logs: string[] = [];
    hardenWebContents(
      contents as never,
      () => Promise.reject(new Error('no browser')),
      (l) => logs.push(l),
    );
    expect(handler!({ url: 'https://x.example/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(logs).toEqual(['could not open https://x.example/ in the browser: no browser']));
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate']);
  });
});
