import type { ServerResponse } from 'node:http';
import { accessDeniedText, type AccessCheck, type AccessDeniedReason } from '../../shared/api';
import { tokenMatches } from './access';

// The host's answer to a console URL whose token is missing or not this
// server's: a page that says why and how to get a working URL (401), instead
// of a console that can never connect. Plain HTML, no script (the CSP allows
// none inline), styled inline so it needs no bundle either.

/** Whether `offered` (the URL's token parameter) opens this host. An empty token counts as none. */
export function checkAccess(token: string, offered: string | null): AccessCheck {
  if (offered === null || offered === '') return { access: 'denied', reason: 'missing' };
  return tokenMatches(token, offered) ? { access: 'ok' } : { access: 'denied', reason: 'invalid' };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** `code` spans for the commands quoted in backticks. */
const withCode = (text: string): string => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

export function accessDeniedHtml(reason: AccessDeniedReason): string {
  const text = accessDeniedText(reason);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Command Post — ${escapeHtml(text.title)}</title>
</head>
<body style="font-family: system-ui, sans-serif; max-width: 46rem; margin: 4rem auto; padding: 0 1.5rem; line-height: 1.5; color: #1b1f24; background: #f6f7f9">
<main data-testid="access-denied" data-reason="${reason}">
<h1 style="font-size: 1.6rem">${escapeHtml(text.title)}</h1>
<p>${withCode(text.why)}</p>
<h2 style="font-size: 1.1rem">How to get a working URL</h2>
<ul>
${text.fixes.map((f) => `<li>${withCode(f)}</li>`).join('\n')}
</ul>
</main>
</body>
</html>
`;
}

export function sendAccessDenied(res: ServerResponse, reason: AccessDeniedReason): void {
  res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(accessDeniedHtml(reason));
}

/** The console's check after its socket was refused: JSON, 200 for a good token, 401 otherwise. */
export function sendAccessCheck(res: ServerResponse, check: AccessCheck): void {
  res.writeHead(check.access === 'ok' ? 200 : 401, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(check));
}
