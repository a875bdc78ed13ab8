/** Held mail: one item per message, listed newest first by status through GSI2 (HELD#<status>). */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldMessage } from '../../core/case/case';
import type { HeldMailStore } from '../../core/ports';
import { GSI2, indexKeys, keys, stripStorageAttributes } from './keys';
import { conditionFailed, TableStore } from './table';

export class DynamoHeldMail extends TableStore implements HeldMailStore {
  async holdMessage(held: HeldMessage): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.held(held.heldId),
            ...indexKeys.heldByStatus(held.status, held.receivedAt, held.heldId),
            entity: 'HeldMessage',
            ...held,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async listHeldMessages(status: HeldMessage['status'], limit: number, cursor?: string) {
    const page = await this.page(
      {
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.heldByStatusPartition(status) },
        ScanIndexForward: false,
        Limit: limit,
      },
      cursor,
    );
    return {
      messages: page.items.map((item) => stripStorageAttributes<HeldMessage>(item)),
      cursor: page.cursor,
    };
  }

  async getHeldMessage(heldId: string): Promise<HeldMessage | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.held(heldId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<HeldMessage>(result.Item) : undefined;
  }

  async settleHeldMessage(
    heldId: string,
    status: 'placed' | 'discarded',
    by: string,
    caseId?: string,
  ): Promise<boolean> {
    const held = await this.getHeldMessage(heldId);
    if (!held) return false;
    const index = indexKeys.heldByStatus(status, held.receivedAt, heldId);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.held(heldId),
          UpdateExpression:
            'SET #status = :status, settledBy = :by, placedCaseId = :caseId, gsi2pk = :pk, gsi2sk = :sk',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':by': by,
            ':caseId': caseId ?? null,
            ':held': 'held',
            ':pk': index.gsi2pk,
            ':sk': index.gsi2sk,
          },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
