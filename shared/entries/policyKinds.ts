import { z } from 'zod';
import { parsePolicyText, policyHash } from '../approvals';
import { policiesOf } from '../approvals/actionState';
import { defineKind } from './kindSpec';

// A policy version is journaled as its exact text plus the SHA-256 of that
// text. Every peer parses the text itself (the parsed rules are projection,
// not journal), so the rules in force are what the signed text says. A text
// that does not parse is rejected with the reason and the previous version
// stays in force.

export const PolicyHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 hex digits)');

export const PolicyPublishBody = z.strictObject({
  text: z.string().min(1).max(200_000),
  hash: PolicyHashSchema,
});

export const policyPublish = defineKind({
  kind: 'policy.publish',
  body: PolicyPublishBody,
  roles: ['admin'],
  report: 'setup',
  apply(state, body, ctx) {
    if (policyHash(ctx.hasher, body.text) !== body.hash) return 'hash does not match the SHA-256 of the policy text';
    if (state.policies?.current === body.hash) return 'this policy version is already in force';
    const parsed = parsePolicyText(body.text);
    if (!parsed.ok) return `invalid policy: ${parsed.reason}; the previous version stays in force`;
    const slice = policiesOf(state);
    // Re-publishing an older version (a rollback) makes it current again under its first number.
    const number = slice.versions[body.hash]?.number ?? Object.keys(slice.versions).length + 1;
    slice.versions[body.hash] = {
      hash: body.hash,
      name: parsed.document.name,
      number,
      entry: ctx.id,
      publishedAt: ctx.at,
      publishedBy: ctx.author,
      document: parsed.document,
    };
    slice.current = body.hash;
  },
});
