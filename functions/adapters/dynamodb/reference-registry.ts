/** Case references: a counter item per prefix and year, and a claim per reference (written with the case). */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReferenceRegistry } from '../../core/ports';
import { keys } from './keys';
import { TableStore } from './table';

export class DynamoReferenceRegistry extends TableStore implements ReferenceRegistry {
  async nextReferenceSequence(prefix: string, year: number): Promise<number> {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(prefix, year),
        UpdateExpression: 'ADD #sequence :one SET entity = :entity',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'ReferenceCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.sequence);
  }

  async findCaseIdByReference(reference: string): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reference(reference) }),
    );
    return result.Item?.caseId as string | undefined;
  }

  async firstYearInUse(prefix: string, years: number[]): Promise<number | undefined> {
    const found = new Set<number>();
    // BatchGetItem takes 100 keys a request; unprocessed keys are asked again.
    for (let start = 0; start < years.length; start += 100) {
      let keysLeft: Record<string, unknown>[] | undefined = years
        .slice(start, start + 100)
        .map((year) => keys.referenceCounter(prefix, year));
      while (keysLeft?.length) {
        const answer: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keysLeft, ProjectionExpression: 'pk' } },
          }),
        );
        for (const item of answer.Responses?.[this.tableName] ?? []) {
          found.add(Number(String(item.pk).split('#').at(-1)));
        }
        keysLeft = answer.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return [...found].sort((a, b) => a - b)[0];
  }
}
