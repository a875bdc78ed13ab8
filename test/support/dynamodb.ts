/** DynamoDB Local for integration tests: in memory, one per test file, with the table the stacks create. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable, type LocalDynamo, startDynamoDbLocal } from '../../local/dynamodb';

export interface TestTable {
  tableName: string;
  db: DynamoDBDocumentClient;
  /** Every item stored under one partition key, for assertions. */
  itemsUnder(pk: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

export async function startTestTable(tableName = 'liaison-test'): Promise<TestTable> {
  const dynamo: LocalDynamo = await startDynamoDbLocal({});
  await ensureTable(dynamo.endpoint, tableName);
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    tableName,
    db,
    itemsUnder: async (pk) => {
      const result = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      );
      return result.Items ?? [];
    },
    stop: async () => {
      db.destroy();
      await dynamo.stop();
    },
  };
}
