import { z } from 'zod';

// Why a browser may not use this host, in words a commander can act on. The
// host serves these as the page for a URL whose token is missing or stale,
// and the console shows the same page when its server refuses a reconnect
// (serve restarted with a new token): never an endless "Loading…".

/** missing: the URL has no token; invalid: a token, but not this server's (it restarted, or the kiosk token was rotated). */
export const AccessDeniedReasonSchema = z.enum(['missing', 'invalid']);
export type AccessDeniedReason = z.infer<typeof AccessDeniedReasonSchema>;

/** What `GET /access?token=…` answers (200 when the token is right, 401 otherwise). */
export const AccessCheckSchema = z.union([z.object({ access: z.literal('ok') }), z.object({ access: z.literal('denied'), reason: AccessDeniedReasonSchema })]);
export type AccessCheck = z.infer<typeof AccessCheckSchema>;

/** Path of the token check the console calls when its socket is refused. */
export const ACCESS_CHECK_PATH = '/access';

export interface AccessDeniedText {
  title: string;
  /** Why, in one or two sentences. */
  why: string;
  /** How to get a working URL, one step per line. */
  fixes: string[];
}

export function accessDeniedText(reason: AccessDeniedReason): AccessDeniedText {
  const fixes = [
    'Open the URL that `commandpost serve` printed in its terminal: the line "Command Post is serving http://…/?token=…".',
    'Each start of `commandpost serve` makes a new token, so a tab from before a restart needs the new URL.',
    'For a room display or projector, start it with `commandpost serve --kiosk-token`: its URL stays the same across restarts ' +
      '(`--rotate-kiosk-token` replaces it and the old URL stops working).',
  ];
  if (reason === 'missing') {
    return {
      title: 'This link has no access token',
      why:
        'Command Post serves the console only to a URL that carries its access token (…/?token=…), so that other pages and people on this ' +
        'machine cannot act as this device.',
      fixes,
    };
  }
  return {
    title: 'This link’s access token is not valid for this server',
    why:
      'The server does not accept this token. Most often `commandpost serve` was restarted since this page was opened, and every start makes a ' +
      'new token; or the kiosk token was rotated.',
    fixes,
  };
}
