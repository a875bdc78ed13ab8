/**
 * `npm run ops:reindex-search -- <table name>`: rewrites every case's search-term items under the current key
 * design, with the operator's AWS credentials (it needs Scan and PutItem on the table, which no function holds).
 * Prints counts only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reindexSearchTerms } from './search-reindex';

const tableName = process.argv[2];
if (!tableName) {
  console.error('Usage: npm run ops:reindex-search -- <table name>');
  process.exit(2);
}
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const { cases, terms } = await reindexSearchTerms(client, tableName);
console.log(`Re-indexed ${cases} cases (${terms} term items).`);
client.destroy();
