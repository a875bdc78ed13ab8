/**
 * Powertools logger and metrics, one of each per container. Logs carry ids (caseId, reference, taskId) and
 * never PHI: log objects you built from ids, never a case, a complaint or a request body.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';

export const logger = new Logger({ serviceName: 'liaison' });
export const metrics = new Metrics({ namespace: 'Liaison', serviceName: 'liaison' });

/**
 * Publishes the invocation's metrics, if it added any, when it ends (answered or failed). Every function needs it:
 * the composition root's observer may add one anywhere. Unlike Powertools' logMetrics, an invocation that counted
 * nothing writes nothing (logMetrics warns "No application metrics to publish" each time).
 */
export function flushMetrics(): middy.MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
