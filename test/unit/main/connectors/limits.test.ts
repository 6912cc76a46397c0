import { describe, expect, it } from 'vitest';
import { capPreview, createConnectors, PREVIEW_MAX_CHARS, utf8Bytes, type HttpResponse } from '../../../../main/connectors';
import { gitHubRetryLater } from '../../../../main/connectors/github';
import { previewText } from '../../../../main/dispatch';

const res = (status: number, headers: Record<string, string>, body = ''): HttpResponse => ({ status, headers, body });
const NOW = Date.UTC(2025, 0, 15, 12);

describe('vendor limits', () => {
  it('measures bytes as UTF-8, not characters', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('€')).toBe(3);
    expect(utf8Bytes('🚨')).toBe(4);
  });

  it('cuts a preview to what action.request holds, saying so, and leaves a short one alone', () => {
    expect(capPreview('short')).toBe('short');
    const cut = capPreview('x'.repeat(PREVIEW_MAX_CHARS + 5));
    expect(cut).toHaveLength(PREVIEW_MAX_CHARS);
    expect(cut).toMatch(/preview cut at 20,000 characters; the request is sent in full\)$/);
  });

  it('a Slack text at the 40,000-character limit previews within the journal limit', () => {
    const slack = createConnectors().get('slack');
    if (slack === undefined) throw new Error('no slack connector');
    const p = slack.validate({ operation: 'post_message', channel: '#ops', text: 'y'.repeat(40_000) });
    expect(JSON.stringify(slack.preview(p)).length).toBeGreaterThan(PREVIEW_MAX_CHARS);
    expect(previewText(slack.preview(p)).length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(slack.preview(p).text).toMatch(/over Slack's recommended 4,000, Slack may split it/);
  });
});

describe('GitHub rate-limit answers', () => {
  it('403 or 429 with x-ratelimit-remaining 0 waits until x-ratelimit-reset', () => {
    expect(gitHubRetryLater(res(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 90) }), NOW)).toEqual({ afterMs: 90_000 });
    expect(gitHubRetryLater(res(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 5) }), NOW)).toEqual({ afterMs: 5000 });
  });

  it('a secondary rate limit without headers waits at least a minute; with retry-after, that', () => {
    expect(gitHubRetryLater(res(403, {}, '{"message":"You have exceeded a secondary rate limit."}'), NOW)).toEqual({ afterMs: 60_000 });
    expect(gitHubRetryLater(res(403, { 'retry-after': '30' }, '{"message":"You have exceeded a secondary rate limit."}'), NOW)).toEqual({ afterMs: null });
  });

  it('a plain 403 (no permission) is final', () => {
    expect(gitHubRetryLater(res(403, { 'x-ratelimit-remaining': '4999' }, '{"message":"Resource not accessible by integration"}'), NOW)).toBeNull();
    expect(gitHubRetryLater(res(404, {}), NOW)).toBeNull();
  });
});
