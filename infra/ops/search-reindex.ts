/**
 * A one-off operator's command, never deployed and never a request path (so the project's one Scan lives here,
 * outside functions/): writes every case's search-term items under the current key design (keys.ts). Run it after a change to how terms are keyed (2026-11-30: exact terms moved to a partition
 * of their own). Each Put is idempotent, so a run that stops half-way is run again; items under the old keys are
 * never read again and carry no more PHI than the case itself (ADR 0014).
 */
import { type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { ComplaintInput } from '../../functions/core/intake/complaint';
import { searchTermsOf } from '../../functions/core/search/search-terms';

export async function reindexSearchTerms(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<{ cases: number; terms: number }> {
  let cases = 0;
  let terms = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :case',
        ProjectionExpression: 'caseId, complaint',
        ExpressionAttributeValues: { ':case': 'Case' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const caseId = item.caseId as string;
      for (const term of searchTermsOf(item.complaint as ComplaintInput)) {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.searchTerm(term, caseId), entity: 'SearchTerm', caseId },
          }),
        );
        terms += 1;
      }
      cases += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { cases, terms };
}
