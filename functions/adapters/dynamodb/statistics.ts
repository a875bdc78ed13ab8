/**
 * Dashboard counters. Fixed counters: one item per period (STATS#<period> / STATS), one ADD per counter, names
 * from the code's vocabularies only. Breakdowns by a label staff typed: one small item per period, dimension and
 * label (STATS#<period> / BREAKDOWN#<dimension>#<hash of the label>), the label kept as a value, never a name; so
 * no text anyone types can grow an item toward DynamoDB's 400 KB limit. Added after the business write, never in
 * its transaction (core/case/change-case.ts recordTallies).
 */
import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StatisticsStore } from '../../core/ports';
import {
  type Breakdown,
  type BreakdownDimension,
  COUNTER_NAME,
  type CounterUpdate,
  isBreakdown,
  type PeriodStats,
  type Tally,
} from '../../core/reporting/statistics';
import { keys } from './keys';
import { TableStore } from './table';

export class DynamoStatistics extends TableStore implements StatisticsStore {
  async add(tallies: Tally[]): Promise<void> {
    const counters = tallies.filter((tally): tally is CounterUpdate => !isBreakdown(tally));
    const byPeriod = new Map<string, Record<string, number>>();
    for (const { period, increments } of counters) {
      const merged = byPeriod.get(period) ?? {};
      for (const [name, value] of Object.entries(increments)) {
        // Counter names are code, never input: checked here as the last line of defence.
        if (!COUNTER_NAME.test(name))
          throw new Error('A counter name must come from the code, not from input');
        merged[name] = (merged[name] ?? 0) + value;
      }
      byPeriod.set(period, merged);
    }
    const updates = [...byPeriod.entries()].map(([period, increments]) => {
      const entries = Object.entries(increments);
      return new UpdateCommand({
        TableName: this.tableName,
        Key: keys.statistics(period),
        UpdateExpression: `SET entity = :entity ADD ${entries.map((_, index) => `#c${index} :v${index}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], index) => [`#c${index}`, name])),
        ExpressionAttributeValues: {
          ':entity': 'Statistics',
          ...Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
        },
      });
    });
    const breakdowns = tallies.filter(isBreakdown).map(
      ({ period, dimension, label }) =>
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.breakdown(period, dimension, labelHash(label)),
          UpdateExpression: 'SET entity = :entity, dimension = :dimension, label = :label ADD #count :one',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':entity': 'Breakdown',
            ':dimension': dimension,
            ':label': label.slice(0, 200),
            ':one': 1,
          },
        }),
    );
    await Promise.all([...updates, ...breakdowns].map((command) => this.db.send(command)));
  }

  async getStatistics(periods: string[]): Promise<PeriodStats[]> {
    const results = await Promise.all(
      periods.map((period) =>
        this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.statistics(period) })),
      ),
    );
    return results.flatMap((result, index) => {
      if (!result.Item) return [];
      // Counter attributes are the numbers; everything else on the item is storage detail.
      const counters = Object.fromEntries(
        Object.entries(result.Item).filter(
          (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[0] !== 'version',
        ),
      );
      return [{ period: periods[index] as string, counters }];
    });
  }

  async getBreakdown(period: string, dimension: BreakdownDimension, limit: number): Promise<Breakdown> {
    const prefix = keys.breakdownPrefix(period, dimension);
    const { items } = await this.query(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        ProjectionExpression: 'label, #count',
        ExpressionAttributeNames: { '#count': 'count' },
      },
      { all: true },
    );
    return Object.fromEntries(
      items
        .map((item) => [String(item.label), Number(item.count)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit),
    );
  }
}

/** A fixed-length key part for a label, whatever its length or characters. */
function labelHash(label: string): string {
  return createHash('sha256').update(label).digest('base64url').slice(0, 22);
}
