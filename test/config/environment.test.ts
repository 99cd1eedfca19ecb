import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnvironment } from '../../config/environment';

describe('configuration from environment variables', () => {
  it('defaults to a local dev server when no cluster is configured', () => {
    const env = loadEnvironment({});
    expect(env.TEMPORAL_ADDRESS).toBeUndefined();
    expect(env.TEMPORAL_NAMESPACE).toBe('default');
    expect(env.SOPFLOW_DEV_PORT).toBe(7233);
  });

  it('accepts an existing cluster with mTLS', () => {
    const env = loadEnvironment({
      TEMPORAL_ADDRESS: 'prosecution.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'prosecution.a1b2c',
      TEMPORAL_TLS_CERT: '/etc/sopflow/client.pem',
      TEMPORAL_TLS_KEY: '/etc/sopflow/client.key',
    });
    expect(env.TEMPORAL_ADDRESS).toBe('prosecution.a1b2c.tmprl.cloud:7233');
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadEnvironment({ TEMPORAL_ADDRESS: 'no-port-here', TEMPORAL_TLS_CERT: '/x.pem', SOPFLOW_DEV_PORT: '99999' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigurationError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
    expect(message).toMatch(/TEMPORAL_TLS_KEY: mTLS needs both/);
    expect(message).toMatch(/SOPFLOW_DEV_PORT/);
  });

  it('refuses TLS settings without a cluster address', () => {
    expect(() => loadEnvironment({ TEMPORAL_API_KEY: 'secret' })).toThrow(/TEMPORAL_ADDRESS/);
  });
});
