/** The access log: one item per read, under ACCESS#<caseId>, newest first by time. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessLog, AccessRecord } from '../../core/ports';
import { keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

export class DynamoAccessLog extends TableStore implements AccessLog {
  async record(entry: AccessRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.access(entry.caseId, entry.at, entry.accessId), entity: 'AccessRecord', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(caseId: string, limit: number, cursor?: string) {
    const page = await this.page(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.accessPartition(caseId) },
        ScanIndexForward: false,
        Limit: limit,
      },
      cursor,
    );
    return {
      items: page.items.map((item) => stripStorageAttributes<AccessRecord>(item)),
      cursor: page.cursor,
    };
  }
}
