/**
 * CaseRepository on the single DynamoDB table. Keys come from ./keys; writes that must agree are one
 * TransactWriteItems; every update that could race is conditional.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AuditEvent,
  CaseRecord,
  CaseStage,
  CorrespondenceItem,
  HeldMessage,
  HumanTask,
  TaskQueue,
} from '../../core/case';
import {
  type CaseChange,
  type CaseQuery,
  type CaseRepository,
  IdempotencyKeyTakenError,
  type IdempotencyRecord,
  type NewCase,
  VersionConflictError,
} from '../../core/ports';
import type { CounterUpdate, PeriodStats } from '../../core/statistics';
import { GSI1, GSI2, GSI3, indexKeys, keys, stripStorageAttributes, TTL_ATTRIBUTE } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An Idempotency-Key is remembered for 24 hours, the usual window for client retries. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export class DynamoCaseRepository implements CaseRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async nextReferenceSequence(prefix: string, year: number): Promise<number> {
    const result = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.referenceCounter(prefix, year),
        UpdateExpression: 'ADD #sequence :one SET entity = :entity',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'ReferenceCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.sequence);
  }

  async createCase({ record, audit, idempotency, counters = [] }: NewCase): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.case(record.caseId),
            ...caseIndexKeys(record),
            entity: 'Case',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.reference(record.reference), entity: 'ReferenceClaim', caseId: record.caseId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...audit.map((event) => this.putAudit(event)),
      ...this.counterUpdates(counters),
    ];
    // The idempotency record stays last: its index tells a lost race from other failures.
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.intakeIdempotency(idempotency.key),
            entity: 'IntakeIdempotency',
            ...idempotency,
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(idempotency.receivedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const idempotencyIndex = items.length - 1;
      if (idempotency && conditionFailedAt(error, idempotencyIndex)) throw new IdempotencyKeyTakenError();
      throw error;
    }
  }

  async findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.intakeIdempotency(key), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    // DynamoDB deletes expired items lazily (within days): an expired record no longer counts.
    const expiresAt = Number(result.Item[TTL_ATTRIBUTE]);
    if (expiresAt && expiresAt * 1000 < Date.now()) return undefined;
    return stripStorageAttributes<IdempotencyRecord>(result.Item);
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<CaseRecord>(result.Item) : undefined;
  }

  async findCaseIdByReference(reference: string): Promise<string | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.reference(reference) }),
    );
    return result.Item?.caseId as string | undefined;
  }

  async markWorkflowStarted(caseId: string, executionArn: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.case(caseId),
          UpdateExpression:
            'SET #workflow.executionArn = :arn, #workflow.startedAt = :at, #version = #version + :one REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#workflow.startedAt)',
          ExpressionAttributeNames: { '#workflow': 'workflow', '#version': 'version' },
          ExpressionAttributeValues: { ':arn': executionArn, ':at': at, ':one': 1 },
        }),
      );
    } catch (error) {
      // Already recorded by an earlier attempt: nothing to do.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async listCasesAwaitingWorkflowStart(before: string, limit: number): Promise<string[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
        ExpressionAttributeValues: { ':pk': indexKeys.awaitingWorkflowStartPartition, ':before': before },
        ProjectionExpression: 'caseId',
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => item.caseId as string);
  }

  async saveCase({
    record,
    expectedVersion,
    audit,
    tasks = [],
    correspondence = [],
    counters = [],
  }: CaseChange): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.case(record.caseId), ...caseIndexKeys(record), entity: 'Case', ...record },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      ...tasks.map(
        (task): TransactItem => ({
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.task(task.caseId, task.taskId),
              ...taskIndexKeys(task),
              entity: 'HumanTask',
              ...task,
            },
          },
        }),
      ),
      ...audit.map((event) => this.putAudit(event)),
      ...this.counterUpdates(counters),
      ...correspondence.map(
        (item): TransactItem => ({
          Put: {
            TableName: this.tableName,
            Item: correspondenceItem(item),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (conditionFailedAt(error, 0)) throw new VersionConflictError('The case changed since it was read.');
      throw error;
    }
  }

  async getTask(caseId: string, taskId: string): Promise<HumanTask | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.task(caseId, taskId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<HumanTask>(result.Item) : undefined;
  }

  async findTask(taskId: string): Promise<HumanTask | undefined> {
    const found = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.taskById(taskId).gsi1pk },
        ProjectionExpression: 'caseId',
        Limit: 1,
      }),
    );
    const caseId = found.Items?.[0]?.caseId as string | undefined;
    // The index is eventually consistent; the task itself is read consistently.
    return caseId ? this.getTask(caseId, taskId) : undefined;
  }

  async listOpenTasks(query: {
    queue?: TaskQueue;
    assigneeId?: string;
    limit: number;
  }): Promise<HumanTask[]> {
    const [index, partition] = query.assigneeId
      ? [GSI3, indexKeys.openTasksByAssigneePartition(query.assigneeId)]
      : [GSI2, indexKeys.openTasksByQueuePartition(query.queue ?? 'coordinator')];
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        Limit: query.limit,
      }),
    );
    return (result.Items ?? []).map((item) => stripStorageAttributes<HumanTask>(item));
  }

  async listCases(query: CaseQuery): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    const [index, partition] = query.assigneeId
      ? [GSI3, indexKeys.casesByAssigneePartition(query.assigneeId)]
      : [GSI2, indexKeys.casesByStagePartition(query.stage ?? 'triage')];
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: query.dueBefore
          ? `${index}pk = :pk AND ${index}sk < :before`
          : `${index}pk = :pk`,
        ...(query.stage && query.assigneeId ? { FilterExpression: 'stage = :stage' } : {}),
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(query.dueBefore ? { ':before': indexKeys.dueBefore(query.dueBefore) } : {}),
          ...(query.stage && query.assigneeId ? { ':stage': query.stage } : {}),
        },
        Limit: query.limit,
        ExclusiveStartKey: query.cursor
          ? JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'))
          : undefined,
      }),
    );
    return {
      cases: (result.Items ?? []).map((item) => stripStorageAttributes<CaseRecord>(item)),
      cursor: result.LastEvaluatedKey
        ? Buffer.from(JSON.stringify(result.LastEvaluatedKey), 'utf8').toString('base64url')
        : undefined,
    };
  }

  async caseTimeline(caseId: string) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.case(caseId).pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const of = <T>(entity: string) =>
      items.filter((item) => item.entity === entity).map((item) => stripStorageAttributes<T>(item));
    return {
      audit: of<AuditEvent>('AuditEvent'),
      correspondence: of<CorrespondenceItem>('Correspondence'),
      tasks: of<HumanTask>('HumanTask'),
    };
  }

  async findCaseIdByMessageId(messageId: string): Promise<string | undefined> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.messageByIdPartition(messageId) },
        ProjectionExpression: 'caseId',
        Limit: 1,
      }),
    );
    return result.Items?.[0]?.caseId as string | undefined;
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

  async holdMessage(held: HeldMessage): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.held(held.heldId),
            ...indexKeys.heldByStatus(held.status, held.receivedAt, held.heldId),
            entity: 'HeldMessage',
            ...held,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async listHeldMessages(status: HeldMessage['status'], limit: number): Promise<HeldMessage[]> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.heldByStatusPartition(status) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => stripStorageAttributes<HeldMessage>(item));
  }

  async getHeldMessage(heldId: string): Promise<HeldMessage | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.held(heldId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<HeldMessage>(result.Item) : undefined;
  }

  async settleHeldMessage(
    heldId: string,
    status: 'placed' | 'discarded',
    by: string,
    caseId?: string,
  ): Promise<boolean> {
    const held = await this.getHeldMessage(heldId);
    if (!held) return false;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.held(heldId),
          UpdateExpression:
            'SET #status = :status, settledBy = :by, placedCaseId = :caseId, gsi2pk = :pk, gsi2sk = :sk',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':by': by,
            ':caseId': caseId ?? null,
            ':held': 'held',
            ...(() => {
              const index = indexKeys.heldByStatus(status, held.receivedAt, heldId);
              return { ':pk': index.gsi2pk, ':sk': index.gsi2sk };
            })(),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

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

  async claimAutoReply(sender: string, at: Date, windowSeconds: number): Promise<boolean> {
    const now = Math.floor(at.getTime() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.autoReply(sender),
            entity: 'AutoReplyWindow',
            [TTL_ATTRIBUTE]: now + windowSeconds,
          },
          // TTL deletes lazily: an expired window counts as free.
          ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
          ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
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

  async countCasesInStage(stage: CaseStage): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI2,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': indexKeys.casesByStagePartition(stage) },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /** One ADD per period (a transaction may touch an item once), merging what several events add to it. */
  private counterUpdates(counters: CounterUpdate[]): TransactItem[] {
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

  private putAudit(event: AuditEvent): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.audit(event.caseId, event.at, event.eventId), entity: 'AuditEvent', ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }
}

/** True when a transaction was cancelled because the condition on item `index` failed. */
function conditionFailedAt(error: unknown, index: number): boolean {
  if (
    error instanceof TransactionCanceledException ||
    (error as Error)?.name === 'TransactionCanceledException'
  ) {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    return reasons[index]?.Code === 'ConditionalCheckFailed';
  }
  return false;
}

/** A correspondence item with its Message-ID indexed, so replies to it find their case. */
function correspondenceItem(item: CorrespondenceItem): Record<string, unknown> {
  return {
    ...keys.correspondence(item.caseId, item.at, item.correspondenceId),
    ...(item.messageId ? indexKeys.messageById(item.messageId, item.caseId) : {}),
    entity: 'Correspondence',
    ...item,
  };
}

/** Every index entry of a case, derived from the record so a save can never leave one stale. */
function caseIndexKeys(record: CaseRecord): Record<string, string> {
  const dueAt = record.currentTask?.dueAt ?? record.deadlines.respond?.dueAt;
  return {
    ...(record.workflow.startedAt ? {} : indexKeys.awaitingWorkflowStart(record.receivedAt, record.caseId)),
    ...indexKeys.casesByStage(record.stage, dueAt, record.caseId),
    ...(record.assignee ? indexKeys.casesByAssignee(record.assignee.userId, dueAt, record.caseId) : {}),
  };
}

/** Open tasks are listed by queue and assignee; closed ones keep only the lookup by id. */
function taskIndexKeys(task: HumanTask): Record<string, string> {
  return {
    ...indexKeys.taskById(task.taskId),
    ...(task.status === 'open' ? indexKeys.openTasksByQueue(task.queue, task.dueAt, task.taskId) : {}),
    ...(task.status === 'open' && task.assigneeId
      ? indexKeys.openTasksByAssignee(task.assigneeId, task.dueAt, task.taskId)
      : {}),
  };
}
