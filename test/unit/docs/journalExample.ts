import { canonicalJson } from '../../../shared/canonical';
import { fromHex, toBase64Url, toHex, utf8 } from '../../../shared/bytes';
import { signEntry, headerBytesOf, signTrailer, trailerBytesOf, trailerLineText } from '../../../shared/journal';
import { nodeCrypto, signerFromSeed } from '../../../main/crypto';

// The worked example of docs/journal-format.md, computed from scratch. The
// key pair is RFC 8032's Ed25519 test vector 1, so an outside implementer can
// check their key handling against the RFC as well.
export const EXAMPLE_SEED_HEX = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
export const EXAMPLE_PUBLIC_HEX = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

export function journalExample() {
  const signer = signerFromSeed(toBase64Url(fromHex(EXAMPLE_SEED_HEX)));
  const body = { incident: null, service: 'psp-adapter', text: 'Acquirer confirms elevated EU latency (ref AQ-44120).' };
  const entry = signEntry(
    nodeCrypto,
    signer,
    {
      ws: '5e1f2c3d4b5a69788796a5b4c3d2e1f0',
      seq: 2,
      prev: '3b1c6f0d2a8e4f5b9c7d1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d',
      hlc: { wall: 1767225600000, count: 0 },
      kind: 'note.add',
    },
    body,
  );
  const headerBytes = headerBytesOf(entry.header);
  // The trailer of an export holding this entry and the one before it (seq 1), written an hour later.
  const trailer = signTrailer(signer, {
    ws: entry.header.ws,
    exportedAt: 1767229200000,
    entries: 2,
    heads: { [signer.publicKey]: { seq: entry.header.seq, id: entry.id } },
  });
  return {
    publicKeyHex: toHex(Uint8Array.from(Buffer.from(signer.publicKey, 'base64url'))),
    publicKey: signer.publicKey,
    bodyCanonical: canonicalJson(body),
    bodyHash: entry.header.bodyHash,
    headerCanonical: canonicalJson(entry.header),
    headerBytesHex: toHex(headerBytes),
    id: entry.id,
    sig: entry.sig,
    sigHex: toHex(Uint8Array.from(Buffer.from(entry.sig, 'base64url'))),
    line: `{"id":"${entry.id}","header":${canonicalJson(entry.header)},"sig":"${entry.sig}","body":${canonicalJson(body)}}`,
    utf8Length: utf8(canonicalJson(entry.header)).length,
    trailerCanonical: canonicalJson(trailer.trailer),
    trailerBytesLength: trailerBytesOf(trailer.trailer).length,
    trailerSigHex: toHex(Uint8Array.from(Buffer.from(trailer.sig, 'base64url'))),
    trailerLine: trailerLineText(trailer),
  };
}
