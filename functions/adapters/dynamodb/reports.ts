/**
 * The reports' read model: each case's facts (reporting/grievance-log.ts caseFacts), written by the case store
 * with every save of the case, in a partition per month received (UTC). A report reads the months its range
 * touches, each a key query with the range on the sort key, never a scan.
 */
import { DateTime } from 'luxon';
import type { ReportStore } from '../../core/ports';
import type { CaseFacts } from '../../core/reporting/grievance-log';
import { keys, stripStorageAttributes } from './keys';
import { TableStore } from './table';

export class DynamoReports extends TableStore implements ReportStore {
  async caseFactsReceived(from: string, to: string): Promise<CaseFacts[]> {
    const months: string[] = [];
    let month = DateTime.fromISO(from, { zone: 'utc' }).startOf('month');
    const last = DateTime.fromISO(to, { zone: 'utc' });
    while (month <= last) {
      months.push(month.toFormat('yyyy-MM'));
      month = month.plus({ months: 1 });
    }
    const pages = await Promise.all(
      months.map((each) =>
        this.query(
          {
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': keys.caseFactsPartition(each),
              ':from': from,
              // Every sort key of an instant up to `to` sorts before `to` followed by "#~".
              ':to': `${to}#~`,
            },
          },
          { all: true },
        ),
      ),
    );
    return pages.flatMap((page) => page.items.map((item) => stripStorageAttributes<CaseFacts>(item)));
  }
}
