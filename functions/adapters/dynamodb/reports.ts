/**
 * The reports' read model: each case's facts (reporting/grievance-log.ts caseFacts), written by the case store
 * with every save of the case, in a partition per month received (UTC). A report reads the months its range
 * touches, each a key query with the range on the sort key, never a scan.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { ReportStore } from '../../core/ports';
import type { CaseFacts } from '../../core/reporting/case-facts';
import { GSI1, indexKeys, keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

export class DynamoReports extends TableStore implements ReportStore {
  async caseFactsReceived(from: string, to: string): Promise<CaseFacts[]> {
    return this.monthByMonth(from, to, (month) => ({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.caseFactsPartition(month), ':from': from, ':to': `${to}#~` },
    }));
  }

  async caseFactsClosed(from: string, to: string): Promise<CaseFacts[]> {
    return this.monthByMonth(from, to, (month) => ({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': indexKeys.closedCaseFactsPartition(month),
        ':from': from,
        ':to': `${to}#~`,
      },
    }));
  }

  async openCaseFacts(): Promise<CaseFacts[]> {
    const { items } = await this.query(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.openCaseFactsPartition },
      },
      { all: true },
    );
    return items.map((item) => stripStorageAttributes<CaseFacts>(item));
  }

  /**
   * One key query per month the range touches (UTC), the range on the sort key: every sort key of an instant up
   * to `to` sorts before `to` followed by "#~".
   */
  private async monthByMonth(
    from: string,
    to: string,
    queryOf: (month: string) => Omit<QueryCommandInput, 'TableName'>,
  ): Promise<CaseFacts[]> {
    const months: string[] = [];
    let month = DateTime.fromISO(from, { zone: 'utc' }).startOf('month');
    const last = DateTime.fromISO(to, { zone: 'utc' });
    while (month <= last) {
      months.push(month.toFormat('yyyy-MM'));
      month = month.plus({ months: 1 });
    }
    const pages = await Promise.all(months.map((each) => this.query(queryOf(each), { all: true })));
    return pages.flatMap((page) => page.items.map((item) => stripStorageAttributes<CaseFacts>(item)));
  }
}
