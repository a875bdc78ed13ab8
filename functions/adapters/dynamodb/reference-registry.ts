/** Case references: a counter item per prefix and year, and a claim per reference (written with the case). */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
}
