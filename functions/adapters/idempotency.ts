/**
 * Powertools idempotency on the single table, for workflow tasks whose effect leaves AWS (email): a retried or
 * twice-delivered invocation returns the first result instead of sending again.
 */
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { readConfig } from '../shared/config';
import { dynamoDocumentClient } from './aws-clients';
import { TTL_ATTRIBUTE } from './dynamodb/keys';

/** Records live on the function's own table (TABLE_NAME), beside the cases. */
export function idempotentTask(eventKeyJmesPath: string) {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: readConfig(['TABLE_NAME']).TABLE_NAME,
    awsSdkV3Client: dynamoDocumentClient(),
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    expiryAttr: TTL_ATTRIBUTE,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath,
    expiresAfterSeconds: 60 * 60,
    throwOnNoIdempotencyKey: true,
  });
  return makeHandlerIdempotent({ persistenceStore, config });
}
