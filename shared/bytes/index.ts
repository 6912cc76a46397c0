export { utf8, fromUtf8, toHex, fromHex, toBase64Url, fromBase64Url, bytesEqual } from './encoding';
