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
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, CorrespondenceItem } from '../../core/case/case';
import type { CounterUpdate } from '../../core/reporting/statistics';
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

  protected putAudit(event: AuditEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.audit(event.caseId, event.at, event.eventId), entity: 'AuditEvent', ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** One ADD per period (a transaction may touch an item once), merging what several events add to it. */
  protected counterUpdates(counters: CounterUpdate[]): TransactItem[] {
    const byPeriod = new Map<string, Record<string, number>>();
    for (const { period, increments } of counters) {
      const merged = byPeriod.get(period) ?? {};
      for (const [name, value] of Object.entries(increments)) merged[name] = (merged[name] ?? 0) + value;
      byPeriod.set(period, merged);
    }
    return [...byPeriod.entries()].map(([period, increments]) => {
      const entries = Object.entries(increments);
      return {
        Update: {
          TableName: this.tableName,
          Key: keys.statistics(period),
          UpdateExpression: `SET entity = :entity ADD ${entries.map((_, index) => `#c${index} :v${index}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#c${index}`, name])),
          ExpressionAttributeValues: {
            ':entity': 'Statistics',
            ...Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
          },
        },
      };
    });
  }
}

/** A correspondence item with its Message-ID indexed, so replies to it find their case. */
export function correspondenceItem(item: CorrespondenceItem): Item {
  return {
    ...keys.correspondence(item.caseId, item.at, item.correspondenceId),
    ...(item.messageId ? indexKeys.messageById(item.messageId, item.caseId) : {}),
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

export function decodeCursor(cursor: string | undefined): Item | undefined {
  return cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined;
}
