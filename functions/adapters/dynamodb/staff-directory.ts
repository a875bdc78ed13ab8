/**
 * The staff directory on the single table: one item per member, listed by name through GSI2; an absence puts the
 * member in their cover's partition of GSI3, so "whom do I cover today" is one Query.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Absence, StaffDirectory, StaffMember } from '../../core/ports';
import { GSI2, GSI3, indexKeys, keys, stripStorageAttributes } from './keys';
import { conditionFailed, TableStore } from './table';

/** What the identity provider says about a person; the rest of the item (their absence) is the desk's. */
const IDENTITY_FIELDS = ['name', 'email', 'roles', 'phone', 'active'] as const;

export class DynamoStaffDirectory extends TableStore implements StaffDirectory {
  async get(userId: string): Promise<StaffMember | undefined> {
    const result = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.staff(userId) }));
    return result.Item ? stripStorageAttributes<StaffMember>(result.Item) : undefined;
  }

  async list(options: { includeInactive?: boolean } = {}): Promise<StaffMember[]> {
    const { items } = await this.query({
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.staffDirectoryPartition },
      Limit: 500,
    });
    return items
      .map((item) => stripStorageAttributes<StaffMember>(item))
      .filter((member) => options.includeInactive || member.active !== false);
  }

  /** An update of the identity fields only: a refresh running beside a change of cover never undoes it. */
  async upsert(member: StaffMember): Promise<void> {
    const fields: Record<string, unknown> = {
      ...indexKeys.staffDirectory(member.name, member.userId),
      entity: 'StaffMember',
      userId: member.userId,
    };
    for (const field of IDENTITY_FIELDS) if (member[field] !== undefined) fields[field] = member[field];
    const names = Object.keys(fields);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.staff(member.userId),
        UpdateExpression: `SET ${names.map((_, index) => `#f${index} = :v${index}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#f${index}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          names.map((name, index) => [`:v${index}`, fields[name]]),
        ),
      }),
    );
  }

  async setAway(userId: string, away: Absence | undefined): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.staff(userId),
          ConditionExpression: 'attribute_exists(pk)',
          ...(away
            ? {
                UpdateExpression: 'SET away = :away, gsi3pk = :gsi3pk, gsi3sk = :gsi3sk',
                ExpressionAttributeValues: {
                  ':away': away,
                  ...prefixed(indexKeys.coveredBy(away.coverId, away.until, userId)),
                },
              }
            : { UpdateExpression: 'REMOVE away, gsi3pk, gsi3sk' }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async listCovered(coverId: string, today: string): Promise<string[]> {
    const { items } = await this.query({
      IndexName: GSI3,
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :today',
      ExpressionAttributeValues: { ':pk': indexKeys.coveredByPartition(coverId), ':today': today },
      ProjectionExpression: 'userId',
      Limit: 100,
    });
    return items.map((item) => item.userId as string);
  }
}

function prefixed(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [`:${key}`, value]));
}
