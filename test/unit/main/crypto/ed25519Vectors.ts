// Ed25519 edge cases where libsodium and OpenSSL (node:crypto) differ, or might.
// Generated once with a fixed key (seed = 32 bytes of 7) and sodium-native's
// point arithmetic (crypto_core_ed25519_add, crypto_scalarmult_ed25519_base_noclamp);
// hex, so that the test needs neither. valid: the verdict every peer must reach.

export interface Ed25519Vector {
  name: string;
  why: string;
  publicKey: string;
  message: string;
  signature: string;
  valid: boolean;
}

export const ED25519_VECTORS: readonly Ed25519Vector[] = [
  {
    name: 'valid',
    why: 'an honest signature',
    publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    message: '68656c6c6f',
    signature: '359a315920d9541c3cc2a1dd1839f3e40bf23358a1d93a6ebd8303c0310ceb5025e679222ab016b4d822c5001e787e00c0ceaa6ac3c6e80248a944bd47104f0c',
    valid: true,
  },
  {
    name: 'sPlusL',
    why: 'S replaced by S + L: the same point, a second encoding',
    publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    message: '68656c6c6f',
    signature: '359a315920d9541c3cc2a1dd1839f3e40bf23358a1d93a6ebd8303c0310ceb5012ba6f7f4413290cafbfbca3fc715d15c0ceaa6ac3c6e80248a944bd47104f1c',
    valid: false,
  },
  {
    name: 'identityKey',
    why: 'the identity as public key, R = identity, S = 0: forges any message',
    publicKey: '0100000000000000000000000000000000000000000000000000000000000000',
    message: '68656c6c6f',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'zeroKey',
    why: 'the all-zero key (order 4), R = identity, S = 0, a message whose hash is 0 mod 4',
    publicKey: '0000000000000000000000000000000000000000000000000000000000000000',
    message: '7a65726f30',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'nonCanonicalIdentityKey',
    why: 'the identity encoded as y = p + 1',
    publicKey: 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    message: '68656c6c6f',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'identityR',
    why: 'an honest key, R = identity, S = h\u00b7a: the key holder fixes R',
    publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    message: '68656c6c6f',
    signature: '01000000000000000000000000000000000000000000000000000000000000003d0bbf5a4ed793ead3f7b10780839e942adb184cbef90ff5eb180831f811eb05',
    valid: false,
  },
  {
    name: 'mixedKey',
    why: 'a key with an order-8 component, honestly signed (h not 0 mod 8)',
    publicKey: 'fbb3211d177bccefd763d01a88f6473e43e5cf0a0740e44ab5c64460eefd4675',
    message: '6d6b30',
    signature: '72e6529f8c273f1fc66688cf15ab63195702c173034b6346c210131b79979127518ad965ba541ef127ebd3fac12e28899897cc5299e0ab5ca0acc4eb2a34b502',
    valid: false,
  },
  {
    name: 'mixedKey8',
    why: 'a key with an order-8 component, honestly signed, h = 0 mod 8: valid in both, by the cofactorless equation',
    publicKey: 'fbb3211d177bccefd763d01a88f6473e43e5cf0a0740e44ab5c64460eefd4675',
    message: '6d6b31',
    signature: '5c0c9c44a868c1fd977193e6668801245d542b1f38f4cad5473392afa0f7832cf855577825ef7985076493b485265d659d1e4d6cafaacf52534197786b8c5005',
    valid: true,
  },
  {
    name: 'mixedR',
    why: 'R with an order-8 component',
    publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    message: '68656c6c6f',
    signature: 'cdbc161be64c4302f56443ff29ccf36a2075be1a1fa67ff126b56315f5681c38f4010b988e05d833355afc067b7f7130ca89bc3ecba4a77c7933d2d04117f204',
    valid: false,
  },
  {
    name: 'negZeroR',
    why: 'R = identity with the sign bit set (non-canonical)',
    publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
    message: '68656c6c6f',
    signature: '010000000000000000000000000000000000000000000000000000000000008088fceb7ace0792b1c5877c0ae2de4b41da35e8857a2d7d1056dd82c875e0eb08',
    valid: false,
  },
  {
    name: 'negZeroIdentityKey',
    why: 'the identity as key with the sign bit set',
    publicKey: '0100000000000000000000000000000000000000000000000000000000000080',
    message: '68656c6c6f',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'order2Key',
    why: 'the order-2 key (y = p - 1)',
    publicKey: 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    message: '6f3230',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'order8Key',
    why: 'an order-8 key, R = identity, S = 0, h = 0 mod 8',
    publicKey: '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    message: '6f3838',
    signature: '01000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    valid: false,
  },
  {
    name: 'offCurveOrBadKey',
    why: 'a key that is no curve point',
    publicKey: '0200000000000000000000000000000000000000000000000000000000000000',
    message: '68656c6c6f',
    signature: '359a315920d9541c3cc2a1dd1839f3e40bf23358a1d93a6ebd8303c0310ceb5025e679222ab016b4d822c5001e787e00c0ceaa6ac3c6e80248a944bd47104f0c',
    valid: false,
  },
];
