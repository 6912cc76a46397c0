export { canonicalJson, CanonicalJsonError, type JsonValue } from './canonicalJson';
