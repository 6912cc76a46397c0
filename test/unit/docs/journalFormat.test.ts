import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PUBLIC_HEX, journalExample } from './journalExample';

const doc = readFileSync(new URL('../../../docs/journal-format.md', import.meta.url), 'utf8');

/** The fenced blocks of the doc tagged `text example:NAME`. */
function blocks(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/```text example:([a-z-]+)\n([\s\S]*?)```/g)) out.set(m[1]!, m[2]!.trim());
  return out;
}

describe('docs/journal-format.md worked example', () => {
  const ex = journalExample();
  const b = blocks();

  it('shows the values the code computes, byte for byte', () => {
    expect(b.get('public-key-hex')).toBe(EXAMPLE_PUBLIC_HEX);
    expect(ex.publicKeyHex).toBe(EXAMPLE_PUBLIC_HEX);
    expect(b.get('public-key')).toBe(ex.publicKey);
    expect(b.get('body-canonical')).toBe(ex.bodyCanonical);
    expect(b.get('body-hash')).toBe(ex.bodyHash);
    expect(b.get('header-canonical')).toBe(ex.headerCanonical);
    expect(b.get('header-bytes-hex')?.replace(/\s+/g, '')).toBe(ex.headerBytesHex);
    expect(b.get('id')).toBe(ex.id);
    expect(b.get('sig-hex')).toBe(ex.sigHex);
    expect(b.get('sig')).toBe(ex.sig);
    expect(b.get('line')).toBe(ex.line);
    expect(doc).toContain(`(${ex.utf8Length} bytes;`);
    expect(b.get('trailer-canonical')).toBe(ex.trailerCanonical);
    expect(b.get('trailer-sig-hex')).toBe(ex.trailerSigHex);
    expect(b.get('trailer-line')).toBe(ex.trailerLine);
    expect(doc).toContain(`(${ex.trailerBytesLength} bytes;`);
  });

  it('can be checked from the documented recipe alone, without our code', () => {
    // An independent verifier: only node:crypto and the text of the doc.
    const headerBytes = Buffer.from(b.get('header-canonical')!, 'utf8');
    expect(createHash('sha256').update(headerBytes).digest('hex')).toBe(b.get('id'));
    expect(
      createHash('sha256')
        .update(Buffer.from(b.get('body-canonical')!, 'utf8'))
        .digest('hex'),
    ).toBe(b.get('body-hash'));
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b.get('public-key')! }, format: 'jwk' });
    expect(verify(null, headerBytes, key, Buffer.from(b.get('sig-hex')!, 'hex'))).toBe(true);
    const tampered = Buffer.from(headerBytes);
    tampered[10] = tampered[10]! ^ 1;
    expect(verify(null, tampered, key, Buffer.from(b.get('sig-hex')!, 'hex'))).toBe(false);
  });

  it('its trailer can be checked from the documented recipe alone: signature, members, heads', () => {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b.get('public-key')! }, format: 'jwk' });
    const trailerBytes = Buffer.from(b.get('trailer-canonical')!, 'utf8');
    const sig = Buffer.from(b.get('trailer-sig-hex')!, 'hex');
    expect(verify(null, trailerBytes, key, sig)).toBe(true);
    const line = JSON.parse(b.get('trailer-line')!) as { sig: string; trailer: Record<string, unknown> };
    expect(Object.keys(line).sort()).toEqual(['sig', 'trailer']);
    expect(Buffer.from(line.sig, 'base64url').equals(sig)).toBe(true);
    expect(Object.keys(line.trailer).sort()).toEqual(['entries', 'exportedAt', 'exporter', 'heads', 'purpose', 'v', 'ws']);
    expect(line.trailer).toMatchObject({ v: 1, purpose: 'journal-export-trailer', exporter: b.get('public-key'), entries: 2 });
    expect(line.trailer.heads).toEqual({ [b.get('public-key')!]: { seq: 2, id: b.get('id') } });
    // Cutting an entry and lowering the count breaks the signature.
    const cut = Buffer.from(b.get('trailer-canonical')!.replace('"entries":2', '"entries":1'), 'utf8');
    expect(verify(null, cut, key, sig)).toBe(false);
  });
});
