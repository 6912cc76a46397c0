import { ACCESS_CHECK_PATH, AccessCheckSchema, type AccessCheck } from '../../shared/api';

// Asks `commandpost serve` whether the page's token still opens it. A browser
// cannot read why a WebSocket upgrade was refused, so after a refused connect
// the client asks here: a 401 with a reason means stop and show the page that
// says so; no answer means the host is down or restarting, so keep retrying.

export type FetchLike = (url: string, init: { cache: 'no-store' }) => Promise<{ status: number; json(): Promise<unknown> }>;

export function accessCheckFromLocation(location: Pick<Location, 'search'>, fetchFn: FetchLike): () => Promise<AccessCheck | null> {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${ACCESS_CHECK_PATH}?token=${encodeURIComponent(token)}`;
  return async () => {
    try {
      const res = await fetchFn(url, { cache: 'no-store' });
      if (res.status !== 200 && res.status !== 401) return null;
      const parsed = AccessCheckSchema.safeParse(await res.json());
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
}
