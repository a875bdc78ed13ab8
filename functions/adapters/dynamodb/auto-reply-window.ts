/**
 * Limits on automatic mail per address. One automatic reply per sender per window (RFC 3834): an item per sender
 * whose TTL is the window's end, naming the case that took it. A count of acknowledgements per recipient per
 * window: an item per address hash with the set of cases acknowledged in the window.
 */
import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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
            holder,
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

  async claimAcknowledgement(
    recipient: string,
    at: Date,
    windowSeconds: number,
    limit: number,
    holder: string,
  ): Promise<boolean> {
    const key = keys.acknowledged(createHash('sha256').update(recipient.trim().toLowerCase()).digest('hex'));
    const now = Math.floor(at.getTime() / 1000);
    // Join the open window if it has room (or already holds this case) ...
    const join = () =>
      this.db
        .send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'ADD holders :holder',
            ConditionExpression:
              'windowEndsAt >= :now AND (size(holders) < :limit OR contains(holders, :holderName))',
            ExpressionAttributeValues: {
              ':holder': new Set([holder]),
              ':holderName': holder,
              ':now': now,
              ':limit': limit,
            },
          }),
        )
        .then(
          () => true,
          (error) => {
            if (conditionFailed(error)) return false;
            throw error;
          },
        );
    if (await join()) return true;
    // ... or open a new one where there is none or it has ended (TTL deletes lazily).
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key,
            entity: 'AcknowledgementWindow',
            holders: new Set([holder]),
            windowEndsAt: now + windowSeconds,
            [TTL_ATTRIBUTE]: now + windowSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR windowEndsAt < :now',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    // Another request opened it meanwhile: join that one if it has room.
    return join();
  }
}
