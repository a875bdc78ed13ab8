/**
 * The table's physical shape, shared by the CDK stateful stack and the local runner so both create the same
 * table. Key values are built only in ./keys.
 */
import { GSI1, GSI2, GSI3, TTL_ATTRIBUTE } from './keys';

export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: TTL_ATTRIBUTE,
  globalSecondaryIndexes: [
    { indexName: GSI1, partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: GSI2, partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: GSI3, partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;
