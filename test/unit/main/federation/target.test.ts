import { describe, expect, it } from 'vitest';
import { FederationConfigError, parseFederationTarget } from '../../../../main/federation';

describe('--federate: where a relay federates', () => {
  it('takes nats:// and tls:// URLs, several servers, a user, the domain and a CA, and labels them without credentials', () => {
    expect(parseFederationTarget({ url: 'nats://127.0.0.1:4223', domain: 'hub' })).toEqual({
      servers: ['127.0.0.1:4223'],
      label: 'nats://127.0.0.1:4223',
      user: null,
      secret: null,
      domain: 'hub',
      tls: false,
      caFile: null,
    });
    const t = parseFederationTarget({ url: 'tls://relay@leaf-a.example:7422, tls://relay@leaf-a2.example', secret: 's3cret' });
    expect(t).toMatchObject({ servers: ['leaf-a.example:7422', 'leaf-a2.example:4222'], user: 'relay', secret: 's3cret', tls: true });
    expect(t.label).toBe('tls://leaf-a.example:7422,tls://leaf-a2.example:4222');
    expect(t.label).not.toContain('s3cret');
    expect(parseFederationTarget({ url: 'nats://[::1]:4222', caFile: '/etc/ca.pem' })).toMatchObject({
      servers: ['[::1]:4222'],
      tls: true,
      caFile: '/etc/ca.pem',
    });
  });

  it('refuses what would fail later or leak: a password in the URL, other schemes, paths, mixed users, a bad domain', () => {
    const refused = (url: string, domain: string | null = null) => {
      try {
        parseFederationTarget({ url, domain });
      } catch (err) {
        expect(err).toBeInstanceOf(FederationConfigError);
        return (err as Error).message;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(refused('nats://relay:hunter2@hub:4222')).toMatch(/no password in the URL.*--federate-secret/);
    expect(refused('nats://relay:hunter2@hub:4222')).not.toContain('hunter2');
    expect(refused('http://hub:4222')).toMatch(/http:\/\/ is not a NATS URL/);
    expect(refused('not a url')).toMatch(/is not a URL/);
    expect(refused('nats://hub:4222/stream')).toMatch(/no path/);
    expect(refused('nats://a@h1:4222,nats://b@h2:4222')).toMatch(/same user/);
    expect(refused(' , ')).toMatch(/needs a NATS URL/);
    expect(refused('nats://hub:4222', 'hub.one')).toMatch(/--federate-domain "hub.one"/);
  });
});
