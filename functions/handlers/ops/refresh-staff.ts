/**
 * Scheduled (and run once at deployment): the staff directory follows Cognito's staff groups. Logs counts only,
 * never names or addresses.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import middy from '@middy/core';
import { CognitoIdentity } from '../../adapters/cognito-identity';
import { composeDependencies } from '../../adapters/composition-root';
import { refreshStaffDirectory } from '../../core/access/staff-directory';
import { FUNCTIONS } from '../../manifest';
import { readConfig } from '../../shared/config';
import { flushMetrics, logger, metrics } from '../../shared/observability';

const { USER_POOL_ID } = readConfig(['USER_POOL_ID']);
const deps = composeDependencies(FUNCTIONS.refreshStaff.settings, {
  identity: () => new CognitoIdentity(new CognitoIdentityProviderClient({}), USER_POOL_ID),
});

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(flushMetrics())
  .handler(async () => {
    const outcome = await refreshStaffDirectory(deps);
    metrics.addMetric('StaffDeactivated', MetricUnit.Count, outcome.deactivated);
    logger.info('Staff directory refreshed', { ...outcome });
    return outcome;
  });
