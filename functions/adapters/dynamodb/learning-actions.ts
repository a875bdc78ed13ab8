/**
 * Learning actions: one item each (ACTION#<id>), listed by status and due date on GSI2 (ACTIONS#<status>) and by
 * the case they came from on GSI1 (ACTIONS#CASE#<caseId>). A change is conditional on the version it was made from.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LearningAction } from '../../core/learning/learning-actions';
import type { LearningActionStore } from '../../core/ports';
import { GSI1, GSI2, indexKeys, keys, stripStorageAttributes } from './keys';
import { conditionFailed, TableStore } from './table';

export class DynamoLearningActions extends TableStore implements LearningActionStore {
  async put(action: LearningAction, expectedVersion?: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.learningAction(action.actionId),
            ...indexKeys.actionsByStatus(action.status, action.dueDate, action.actionId),
            ...(action.source.caseId
              ? indexKeys.actionsOfCase(action.source.caseId, action.createdAt, action.actionId)
              : {}),
            entity: 'LearningAction',
            ...action,
          },
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async get(actionId: string): Promise<LearningAction | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.learningAction(actionId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<LearningAction>(result.Item) : undefined;
  }

  async listByStatus(status: LearningAction['status'], limit: number): Promise<LearningAction[]> {
    const { items } = await this.query({
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.actionsByStatusPartition(status) },
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<LearningAction>(item));
  }

  async listForCase(caseId: string): Promise<LearningAction[]> {
    const { items } = await this.query(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.actionsOfCasePartition(caseId) },
      },
      { all: true },
    );
    return items.map((item) => stripStorageAttributes<LearningAction>(item));
  }

  async listOpenDueBy(date: string, limit: number): Promise<LearningAction[]> {
    const { items } = await this.query({
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :after',
      ExpressionAttributeValues: { ':pk': indexKeys.actionsByStatusPartition('open'), ':after': `${date}#~` },
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<LearningAction>(item));
  }
}
