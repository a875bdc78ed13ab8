/** One automatic reply per sender per window: an item per sender whose TTL is the window's end. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AutoReplyWindow } from '../../core/ports';
import { keys, TTL_ATTRIBUTE } from './keys';
import { conditionFailed, TableStore } from './table';

export class DynamoAutoReplyWindow extends TableStore implements AutoReplyWindow {
  async claimAutoReply(sender: string, at: Date, windowSeconds: number, holder: string): Promise<boolean> {
    const now = Math.floor(at.getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.autoReply(sender),
            entity: 'AutoReplyWindow',
            [TTL_ATTRIBUTE]: now + windowSeconds,
          },
          // TTL deletes lazily: an expired window counts as free. The same holder may take it again (a retry).
          ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now OR holder = :holder',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': now, ':holder': holder },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
