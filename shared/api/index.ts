export * from './contract';
export { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
