/**
 * Managed documents on the single table (code lists, templates): one item per document holding it with its
 * version, and one item per change beside it, written together in one transaction conditional on the version.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DocumentChange, VersionedDocuments } from '../../core/ports';
import { keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

export class DynamoDocuments extends TableStore implements VersionedDocuments {
  async get<T extends { version: number }>(name: string): Promise<T | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.document(name), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const { documentName: _name, ...document } = stripStorageAttributes<T & { documentName: string }>(
      result.Item,
    );
    return document as unknown as T;
  }

  async save<T extends { version: number }>(
    name: string,
    document: T,
    expectedVersion: number,
    change: DocumentChange,
  ): Promise<boolean> {
    return this.saveVersioned(
      {
        key: keys.document(name),
        item: { entity: 'Document', documentName: name, ...document },
        expectedVersion,
      },
      {
        key: keys.documentChange(name, change.at, randomUUID()),
        item: { entity: 'DocumentChange', ...change },
      },
    );
  }

  async recentChanges(name: string, limit: number): Promise<DocumentChange[]> {
    const { items } = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':pk': keys.document(name).pk, ':change': 'CHANGE#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<DocumentChange>(item));
  }
}
