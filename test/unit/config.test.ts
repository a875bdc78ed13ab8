import { describe, expect, it } from 'vitest';
import { ConfigurationError, readConfig } from '../../functions/shared/config';

describe('readConfig: settings validated at cold start', () => {
  it('returns typed values with defaults applied', () => {
    const config = readConfig(['TABLE_NAME', 'SLA_TIME_SCALE', 'REFERENCE_PREFIX'], {
      TABLE_NAME: 'liaison',
    });
    expect(config).toEqual({ TABLE_NAME: 'liaison', SLA_TIME_SCALE: 1, REFERENCE_PREFIX: 'PR' });
  });

  it('names every bad setting and never echoes a value', () => {
    const secretLookingValue = 'arn-without-prefix-SECRET';
    let error: unknown;
    try {
      readConfig(['CASE_WORKFLOW_ARN', 'ORGANIZATION_TIME_ZONE', 'SLA_POLICY'], {
        CASE_WORKFLOW_ARN: secretLookingValue,
        ORGANIZATION_TIME_ZONE: 'Mars/Olympus_Mons',
        SLA_POLICY: 'whatever',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain('CASE_WORKFLOW_ARN');
    expect(message).toContain('ORGANIZATION_TIME_ZONE');
    expect(message).toContain('SLA_POLICY');
    expect(message).not.toContain(secretLookingValue);
    expect(message).not.toContain('Olympus');
  });

  it('refuses a missing required setting', () => {
    expect(() => readConfig(['MAIL_FROM'], {})).toThrow(/MAIL_FROM/);
  });
});
