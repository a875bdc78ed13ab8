/**
 * The hospital's lists on the single table: one item holding every list with a version, and one item per change
 * beside it (who, when, before and after), written together in one transaction conditional on the version.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HospitalLists, ListChange } from '../../core/hospital/hospital-lists';
import type { HospitalListStore } from '../../core/ports';
import { keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

export class DynamoHospitalLists extends TableStore implements HospitalListStore {
  async get(): Promise<HospitalLists | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.hospitalLists(), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<HospitalLists>(result.Item) : undefined;
  }

  async save(lists: HospitalLists, expectedVersion: number, change: ListChange): Promise<boolean> {
    return this.saveVersioned(
      { key: keys.hospitalLists(), item: { entity: 'HospitalLists', ...lists }, expectedVersion },
      { key: keys.hospitalListChange(change.at, randomUUID()), item: { entity: 'ListChange', ...change } },
    );
  }

  async recentChanges(limit: number): Promise<ListChange[]> {
    const { items } = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': keys.hospitalLists().pk, ':change': 'CHANGE#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<ListChange>(item));
  }
}
