/** The complainants' private status links: the token's hash as the key, deleted by TTL when the link expires. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StatusLinks } from '../../core/ports';
import { keys, TTL_ATTRIBUTE } from './keys';
import { TableStore } from './table';

export class DynamoStatusLinks extends TableStore implements StatusLinks {
  async putStatusLink(hash: string, caseId: string, expiresAt: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.statusLink(hash),
          entity: 'StatusLink',
          caseId,
          expiresAtIso: expiresAt.toISOString(),
          [TTL_ATTRIBUTE]: Math.floor(expiresAt.getTime() / 1000),
        },
      }),
    );
  }

  async findStatusLink(hash: string): Promise<{ caseId: string; expiresAt: string } | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.statusLink(hash) }),
    );
    if (!result.Item) return undefined;
    return { caseId: result.Item.caseId as string, expiresAt: result.Item.expiresAtIso as string };
  }
}
