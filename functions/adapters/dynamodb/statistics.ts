/** Dashboard counters: one item per period (STATS#month:..., STATS#week:...), moved inside the events' transactions. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StatisticsStore } from '../../core/ports';
import type { PeriodStats } from '../../core/reporting/statistics';
import { keys } from './keys';
import { TableStore } from './table';

export class DynamoStatistics extends TableStore implements StatisticsStore {
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
}
