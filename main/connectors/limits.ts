import type { z } from 'zod';
import { LongText } from '../../shared/entries';

// Vendor limits are measured the way each vendor documents them: characters
// (UTF-16 code units, as JSON and JavaScript count them) for field lengths,
// UTF-8 bytes for request sizes. A request over a limit is refused in
// validate(), naming the field and the limit, rather than cut or bounced by
// the vendor mid-incident. The vendor constants sit next to each connector
// with the page they come from; docs/connectors.md lists them all.

/** Size of a text as sent on the wire. */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** "28,000 bytes" */
const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

/** A byte limit as a zod check on one field, with the field and limit in the message. */
export function maxUtf8Bytes(limit: number, what: string): (value: string, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    const size = utf8Bytes(value);
    if (size > limit) ctx.addIssue({ code: 'custom', message: `${what} is ${bytes(size)} as UTF-8; the vendor's limit is ${bytes(limit)}` });
  };
}

/** The request body a connector would send, checked against the vendor's size limit (the first issue names it). */
export function bodyWithin(limit: number, vendor: string, body: string, ctx: z.RefinementCtx): void {
  const size = utf8Bytes(body);
  if (size > limit)
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `the ${vendor} request body would be ${bytes(size)} as UTF-8; ${vendor} accepts at most ${bytes(limit)}`,
    });
}

/**
 * The longest preview an action request can carry: the journal's limit on
 * action.request's `preview` field (shared/entries LongText), read from the
 * schema so the two cannot drift. A connector may accept more (Slack text:
 * 40,000 characters), so previews are cut to this, saying so, never refused.
 */
export const PREVIEW_MAX_CHARS: number = LongText.maxLength ?? 20_000;

/** A preview cut to what the journal holds, with a note that the request itself is whole. */
export function capPreview(text: string): string {
  if (text.length <= PREVIEW_MAX_CHARS) return text;
  const note = `\n… (preview cut at ${PREVIEW_MAX_CHARS.toLocaleString('en-US')} characters; the request is sent in full)`;
  return text.slice(0, PREVIEW_MAX_CHARS - note.length) + note;
}
