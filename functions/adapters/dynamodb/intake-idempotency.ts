/** Intake's Idempotency-Key records, read here; DynamoCaseStore.createCase writes them with the case. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IntakeIdempotencyStore } from '../../core/ports';
import { keys, stripStorageAttributes, TTL_ATTRIBUTE } from './keys';
import { TableStore } from './table';

export class DynamoIntakeIdempotency extends TableStore implements IntakeIdempotencyStore {
  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.intakeIdempotency(key), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    // DynamoDB deletes expired items lazily (within days): an expired record no longer counts.
    const expiresAt = Number(result.Item[TTL_ATTRIBUTE]);
    if (expiresAt && expiresAt * 1000 < Date.now()) return undefined;
    return stripStorageAttributes<IdempotencyRecord>(result.Item);
  }
}
