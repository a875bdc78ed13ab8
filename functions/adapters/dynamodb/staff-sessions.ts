/** One item per staff sign-in (SESSION#<token origin>): the time of its last request, kept a day (TTL). */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffSessions } from '../../core/ports';
import { keys, TTL_ATTRIBUTE } from './keys';
import { conditionFailed, TableStore } from './table';

export class DynamoStaffSessions extends TableStore implements StaffSessions {
  async touch(sessionId: string, at: Date, idleSeconds: number, keepSeconds: number): Promise<boolean> {
    const now = Math.floor(at.getTime() / 1000);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.session(sessionId),
          UpdateExpression: 'SET entity = :entity, lastSeenAt = :now, #expires = :keep',
          // A new session, or one whose last request was recent enough. An idle one stays as it was: ended.
          ConditionExpression: 'attribute_not_exists(pk) OR lastSeenAt >= :cutoff',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':entity': 'StaffSession',
            ':now': now,
            ':keep': now + keepSeconds,
            ':cutoff': now - idleSeconds,
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
