/** The staff directory on the single table: one item per member, listed by name through GSI2. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StaffDirectory, StaffMember } from '../../core/ports';
import { GSI2, indexKeys, keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

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

  async upsert(member: StaffMember): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.staff(member.userId),
          ...indexKeys.staffDirectory(member.name, member.userId),
          entity: 'StaffMember',
          ...member,
        },
      }),
    );
  }
}
