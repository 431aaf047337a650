import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

describe('METRICS_TOKEN', () => {
  it('is off when unset or empty', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: ' ' }).metricsToken).toBeNull();
  });

  it('takes a long random string, and keeps it out of logs as a secret', () => {
    const token = randomBytes(32).toString('hex');
    const config = loadConfig({ METRICS_TOKEN: token });
    expect(config.metricsToken).toBe(token);
    expect(config.secrets).toContain(token);
  });

  it('refuses a short or guessable token, naming the variable without echoing the value', () => {
    for (const bad of ['short-token-123', 'a'.repeat(40), 'abababababababababababababababababab', `${randomBytes(24).toString('hex')} space`]) {
      let error: unknown;
      try {
        loadConfig({ METRICS_TOKEN: bad });
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/^Invalid METRICS_TOKEN: expected a random string of 32 to 256 characters/);
      expect((error as Error).message).not.toContain(bad);
    }
  });
});
