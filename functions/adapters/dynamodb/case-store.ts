/**
 * The case aggregate on the single table: the case item, its tasks, audit trail and correspondence under
 * CASE#<caseId>, and the indexes over cases and open tasks. Writes that must agree are one TransactWriteItems;
 * a save is conditional on the version read.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AuditEvent,
  CaseRecord,
  CaseStage,
  CorrespondenceItem,
  HumanTask,
  TaskQueue,
} from '../../core/case/case';
import { executionNameOf } from '../../core/case/case';
import { IdempotencyKeyTakenError, VersionConflictError } from '../../core/errors';
import type { CaseChange, CaseQuery, CaseStore, NewCase } from '../../core/ports';
import { caseFacts } from '../../core/reporting/case-facts';
import { searchTermsOf, type TermLookup } from '../../core/search/search-terms';
import { GSI1, GSI2, GSI3, indexKeys, keys, stripStorageAttributes, TTL_ATTRIBUTE } from './keys';
import {
  conditionFailed,
  conditionFailedAt,
  correspondenceItem,
  TableStore,
  type TransactItem,
} from './table';

/** An Idempotency-Key is remembered for 24 hours, the usual window for client retries. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export class DynamoCaseStore extends TableStore implements CaseStore {
  async createCase({ record: draft, audit, idempotency }: NewCase): Promise<void> {
    const { record, termItems } = withSearchTerms(this.tableName, draft);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.case(record.caseId), ...caseIndexKeys(record), entity: 'Case', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...termItems,
      this.putFacts(record),
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.reference(record.reference), entity: 'ReferenceClaim', caseId: record.caseId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...audit.map((event) => this.putAudit(event)),
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
      if (idempotency && conditionFailedAt(error, items.length - 1)) throw new IdempotencyKeyTakenError();
      throw error;
    }
  }

  async getCase(caseId: string): Promise<CaseRecord | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<CaseRecord>(result.Item) : undefined;
  }

  async saveCase({
    record: changed,
    expectedVersion,
    audit,
    tasks = [],
    correspondence = [],
    changedCorrespondence = [],
  }: CaseChange): Promise<void> {
    const { record, termItems } = withSearchTerms(this.tableName, changed);
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
      ...termItems,
      this.putFacts(record),
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
      ...correspondence.map(
        (item): TransactItem => ({
          Put: {
            TableName: this.tableName,
            Item: correspondenceItem(item),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
      ...changedCorrespondence.map(
        (item): TransactItem => ({
          Put: {
            TableName: this.tableName,
            Item: correspondenceItem(item),
            ConditionExpression: 'attribute_exists(pk)',
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

  /** The case's row in the reports' read model, written with every write of the case (reporting/grievance-log.ts). */
  private putFacts(record: CaseRecord): TransactItem {
    const facts = caseFacts(record);
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.caseFacts(record.receivedAt, record.caseId),
          ...indexKeys.caseFactsByState(facts),
          entity: 'CaseFacts',
          ...facts,
        },
      },
    };
  }

  async markWorkflowStarted(
    caseId: string,
    executionArn: string,
    at: string,
  ): Promise<CaseRecord | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.case(caseId),
          UpdateExpression:
            'SET #workflow.executionArn = :arn, #workflow.startedAt = :at, #version = #version + :one REMOVE gsi1pk, gsi1sk',
          ConditionExpression:
            'attribute_exists(pk) AND #workflow.executionName = :name AND attribute_not_exists(#workflow.startedAt)',
          ExpressionAttributeNames: { '#workflow': 'workflow', '#version': 'version' },
          ExpressionAttributeValues: {
            ':arn': executionArn,
            ':name': executionNameOf(executionArn),
            ':at': at,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? stripStorageAttributes<CaseRecord>(Attributes) : undefined;
    } catch (error) {
      // Already recorded by an earlier attempt, or the case has moved on to another execution: nothing to do.
      if (!conditionFailed(error)) throw error;
      return undefined;
    }
  }

  async listCasesAwaitingWorkflowStart(before: string, limit: number): Promise<string[]> {
    const { items } = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
      ExpressionAttributeValues: { ':pk': indexKeys.awaitingWorkflowStartPartition, ':before': before },
      ProjectionExpression: 'caseId',
      Limit: limit,
    });
    return items.map((item) => item.caseId as string);
  }

  async getTask(caseId: string, taskId: string): Promise<HumanTask | undefined> {
    const result = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.task(caseId, taskId), ConsistentRead: true }),
    );
    return result.Item ? stripStorageAttributes<HumanTask>(result.Item) : undefined;
  }

  async findTask(taskId: string): Promise<HumanTask | undefined> {
    const { items } = await this.query({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.taskById(taskId).gsi1pk },
      ProjectionExpression: 'caseId',
      Limit: 1,
    });
    const caseId = items[0]?.caseId as string | undefined;
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
    const { items } = await this.query({
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      Limit: query.limit,
    });
    return items.map((item) => stripStorageAttributes<HumanTask>(item));
  }

  async listLettersToPost(limit: number): Promise<CorrespondenceItem[]> {
    const { items } = await this.query({
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': indexKeys.lettersToPostPartition },
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<CorrespondenceItem>(item));
  }

  async listUndeliveredTasks(before: string, limit: number): Promise<HumanTask[]> {
    const { items } = await this.query({
      IndexName: GSI2,
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
      ExpressionAttributeValues: { ':pk': indexKeys.undeliveredTasksPartition, ':before': before },
      Limit: limit,
    });
    return items.map((item) => stripStorageAttributes<HumanTask>(item));
  }

  async listCases(query: CaseQuery): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    const [index, partition] = query.assigneeId
      ? [GSI3, indexKeys.casesByAssigneePartition(query.assigneeId)]
      : [GSI2, indexKeys.casesByStagePartition(query.stage ?? 'triage')];
    const filterStage = query.stage && query.assigneeId;
    // A well-formed cursor from another list (another stage or assignee) is refused: 400 (table.ts page).
    const page = await this.page(
      {
        IndexName: index,
        KeyConditionExpression: query.dueBefore
          ? `${index}pk = :pk AND ${index}sk < :before`
          : `${index}pk = :pk`,
        ...(filterStage ? { FilterExpression: 'stage = :stage' } : {}),
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(query.dueBefore ? { ':before': indexKeys.dueBefore(query.dueBefore) } : {}),
          ...(filterStage ? { ':stage': query.stage } : {}),
        },
        Limit: query.limit,
      },
      query.cursor,
    );
    return { cases: page.items.map((item) => stripStorageAttributes<CaseRecord>(item)), cursor: page.cursor };
  }

  async countCasesInStage(stage: CaseStage): Promise<number> {
    const { count } = await this.query(
      {
        IndexName: GSI2,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.casesByStagePartition(stage) },
        Select: 'COUNT',
      },
      { all: true },
    );
    return count;
  }

  async countOpenTasks(assigneeId: string): Promise<number> {
    const { count } = await this.query(
      {
        IndexName: GSI3,
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.openTasksByAssigneePartition(assigneeId) },
        Select: 'COUNT',
      },
      { all: true },
    );
    return count;
  }

  async findCaseIdsByTerm(lookup: TermLookup, limit: number): Promise<string[]> {
    const caseIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const { items, lastKey } = await this.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :value)',
        // A term a correction replaced is kept until TTL removes it, marked; callers re-check anyway.
        FilterExpression: 'attribute_not_exists(#expires)',
        ExpressionAttributeNames: { '#expires': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':pk': keys.searchPartition(lookup.kind, lookup.value),
          ':value': lookup.prefix ? lookup.value : `${lookup.value}#`,
        },
        // Newest first within a value (the sort key ends in the case's ULID).
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      });
      for (const item of items) caseIds.push(item.caseId as string);
      startKey = lastKey;
    } while (startKey && caseIds.length < limit);
    return [...new Set(caseIds)].slice(0, limit);
  }

  async caseTimeline(caseId: string) {
    const { items } = await this.query(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).pk },
        ConsistentRead: true,
      },
      { all: true },
    );
    const of = <T>(entity: string) =>
      items.filter((item) => item.entity === entity).map((item) => stripStorageAttributes<T>(item));
    return {
      audit: of<AuditEvent>('AuditEvent'),
      correspondence: of<CorrespondenceItem>('Correspondence'),
      tasks: of<HumanTask>('HumanTask'),
    };
  }
}

/** Terms of an index item that a correction replaced: removed by TTL a day later, never deleted by a function. */
const RETIRED_TERM_SECONDS = 24 * 60 * 60;

/**
 * The case's search terms now, and the index items that change with them in the same transaction: new terms
 * added, replaced ones marked retired (TTL). Unchanged terms cost nothing.
 */
function withSearchTerms(
  tableName: string,
  draft: CaseRecord,
): { record: CaseRecord; termItems: TransactItem[] } {
  const next = searchTermsOf(draft.complaint);
  const previous: string[] = draft.searchTerms ?? [];
  const put = (term: string, retired: boolean): TransactItem => ({
    Put: {
      TableName: tableName,
      Item: {
        ...keys.searchTerm(term, draft.caseId),
        entity: 'SearchTerm',
        caseId: draft.caseId,
        ...(retired ? { [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + RETIRED_TERM_SECONDS } : {}),
      },
    },
  });
  return {
    record: { ...draft, searchTerms: next },
    termItems: [
      ...next.filter((term) => !previous.includes(term)).map((term) => put(term, false)),
      ...previous.filter((term) => !(next as string[]).includes(term)).map((term) => put(term, true)),
    ],
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

/**
 * Open tasks are listed by queue and assignee; a completed one stays on the "undelivered" index until the
 * workflow has its outcome (the sweeper hands over what a failed SendTaskSuccess left behind); the rest keep only
 * the lookup by id.
 */
function taskIndexKeys(task: HumanTask): Record<string, string> {
  const undelivered = task.status === 'completed' && !task.delivered && task.completedAt;
  return {
    ...indexKeys.taskById(task.taskId),
    ...(undelivered ? indexKeys.undeliveredTask(task.completedAt as string, task.taskId) : {}),
    ...(task.status === 'open' ? indexKeys.openTasksByQueue(task.queue, task.dueAt, task.taskId) : {}),
    ...(task.status === 'open' && task.assigneeId
      ? indexKeys.openTasksByAssignee(task.assigneeId, task.dueAt, task.taskId)
      : {}),
  };
}
