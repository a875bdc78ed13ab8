/**
 * Powertools logger and metrics, one of each per container. Logs carry ids (caseId, reference, taskId) and
 * never PHI: log objects you built from ids, never a case, a complaint or a request body.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'liaison' });
export const metrics = new Metrics({ namespace: 'Liaison', serviceName: 'liaison' });
