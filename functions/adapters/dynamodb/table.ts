/**
 * What every store on the single table shares: the client and table name, one query helper (pages, projections,
 * counts), and the items that several stores write inside their transactions (audit events, correspondence with
 * its Message-ID index, dashboard counters). Keys come only from ./keys.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, CorrespondenceItem } from '../../core/case/case';
import { InvalidRequestError } from '../../core/errors';
import { indexKeys, keys } from './keys';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

/** The table a store works on. Stores are small classes over it, one per kind of entity. */
export abstract class TableStore {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  /**
   * Saves a whole document (hospital lists, code lists, templates) if it is still at `expectedVersion` (absent:
   * version 0), with an item for the change beside it, in one transaction. False when someone saved meanwhile.
   */
  protected async saveVersioned(
    document: { key: Record<string, string>; item: Item; expectedVersion: number },
    change: { key: Record<string, string>; item: Item },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...document.key, ...document.item },
                ...(document.expectedVersion === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: 'version = :expected',
                      ExpressionAttributeValues: { ':expected': document.expectedVersion },
                    }),
              },
            },
            { Put: { TableName: this.tableName, Item: { ...change.key, ...change.item } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  /**
   * One Query. `all` follows LastEvaluatedKey to the end (a case's own items, a count); otherwise one page of
   * at most `Limit`, with the key to continue from.
   */
  protected async query(
    input: Omit<QueryCommandInput, 'TableName'>,
    options: { all?: boolean } = {},
  ): Promise<{ items: Item[]; count: number; lastKey?: Item }> {
    const items: Item[] = [];
    let count = 0;
    let startKey = input.ExclusiveStartKey;
    do {
      const page = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (options.all && startKey);
    return { items, count, lastKey: startKey };
  }

  /**
   * One page of a list the API pages through: continues from the client's cursor (checked: 400 for one this API
   * never gave, including a well-formed one from another list, which DynamoDB refuses) and returns the next.
   */
  protected async page(
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
    cursor: string | undefined,
  ): Promise<{ items: Item[]; cursor?: string }> {
    const { items, lastKey } = await this.query({ ...input, ExclusiveStartKey: decodeCursor(cursor) }).catch(
      (error: Error) => {
        throw cursor && error.name === 'ValidationException' ? invalidCursor() : error;
      },
    );
    return { items, cursor: encodeCursor(lastKey) };
  }

  protected putAudit(event: AuditEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.audit(event.caseId, event.at, event.eventId), entity: 'AuditEvent', ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}

/**
 * A correspondence item with its Message-ID indexed, so replies to it find their case, and a letter to post on
 * the letters-to-post index until it is marked posted.
 */
export function correspondenceItem(item: CorrespondenceItem): Item {
  return {
    ...keys.correspondence(item.caseId, item.at, item.correspondenceId),
    ...(item.messageId ? indexKeys.messageById(item.messageId, item.caseId) : {}),
    ...(item.status === 'to-be-mailed'
      ? indexKeys.letterToPost(item.at, item.caseId, item.correspondenceId)
      : {}),
    entity: 'Correspondence',
    ...item,
  };
}

/** True when a transaction was cancelled because the condition on item `index` failed. */
export function conditionFailedAt(error: unknown, index: number): boolean {
  if (
    error instanceof TransactionCanceledException ||
    (error as Error)?.name === 'TransactionCanceledException'
  ) {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    return reasons[index]?.Code === 'ConditionalCheckFailed';
  }
  return false;
}

/** True when a single conditional write failed its condition. */
export function conditionFailed(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** Page cursors are the last key, opaque to clients (base64url JSON). */
export function encodeCursor(lastKey: Item | undefined): string | undefined {
  return lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : undefined;
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk']);

/** A cursor this API gave: key attributes only, as strings. Anything else is the caller's mistake (400). */
export function decodeCursor(cursor: string | undefined): Item | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const entries = key && typeof key === 'object' && !Array.isArray(key) ? Object.entries(key) : [];
  const wellFormed =
    entries.length > 0 &&
    entries.every(
      ([name, value]) => KEY_ATTRIBUTES.has(name) && typeof value === 'string' && value.length <= 2048,
    );
  if (!wellFormed) throw invalidCursor();
  return key as Item;
}

export function invalidCursor(): InvalidRequestError {
  return new InvalidRequestError('This page cursor is not one this API gave.', [
    { field: 'cursor', message: 'Use the cursor of the previous page, or none for the first page.' },
  ]);
}
