/**
 * Threading: Message-IDs we sent or received are indexed on their correspondence items (GSI1 MSGID#), and each
 * inbound message is recorded once, guarded by an INBOUND#<message key> item in the same transaction.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, CorrespondenceItem } from '../../core/case/case';
import type { MailThreads } from '../../core/ports';
import { GSI1, indexKeys, keys } from './keys';
import { conditionFailedAt, correspondenceItem, TableStore } from './table';

export class DynamoMailThreads extends TableStore implements MailThreads {
  async findCaseIdByMessageId(messageId: string): Promise<string | undefined> {
    const { items } = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.messageByIdPartition(messageId) },
      ProjectionExpression: 'caseId',
      Limit: 1,
    });
    return items[0]?.caseId as string | undefined;
  }

  async recordCorrespondence(item: CorrespondenceItem, audit: AuditEvent): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            // One guard per message, whatever time it arrived: the same Message-ID twice is one item.
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.inboundMessage(item.correspondenceId),
                  entity: 'InboundGuard',
                  caseId: item.caseId,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.tableName, Item: correspondenceItem(item) } },
            this.putAudit(audit),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailedAt(error, 0)) return false;
      throw error;
    }
  }
}
