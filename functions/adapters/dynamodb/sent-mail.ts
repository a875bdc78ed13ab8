/** One item per email Liaison set out to send (SENT#<purpose key>), claimed before the send, marked after it. */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SentMailLog, SentMailRecord } from '../../core/ports';
import { keys, stripStorageAttributes } from './keys';
import { conditionFailed, TableStore } from './table';

export class DynamoSentMail extends TableStore implements SentMailLog {
  async find(key: string): Promise<SentMailRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.sentMail(key), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<SentMailRecord>(result.Item) : undefined;
  }

  async claim(key: string, fingerprint: string, at: string): Promise<SentMailRecord | undefined> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sentMail(key),
          UpdateExpression:
            'SET entity = :entity, #key = :key, fingerprint = :fingerprint, claimedAt = :at REMOVE releasedAt',
          // A released claim (its send failed) is free to take again.
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(releasedAt)',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: {
            ':entity': 'SentMail',
            ':key': key,
            ':fingerprint': fingerprint,
            ':at': at,
          },
        }),
      );
      return undefined;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      return this.find(key);
    }
  }

  async release(key: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sentMail(key),
          UpdateExpression: 'SET releasedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(messageId)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }

  async markSent(key: string, messageId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sentMail(key),
        UpdateExpression: 'SET messageId = :messageId, sentAt = :at',
        ExpressionAttributeValues: { ':messageId': messageId, ':at': at },
      }),
    );
  }
}
