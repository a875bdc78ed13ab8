/**
 * The one module that owns the DynamoDB key design (single table). Every key and index value is built here;
 * README "Data model" lists the access patterns these serve. Change a template here and nowhere else.
 *
 *   entity              pk                                     sk
 *   Case                CASE#<caseId>                          CASE
 *   Audit event         CASE#<caseId>                          AUDIT#<at>#<eventId>
 *   Correspondence      CASE#<caseId>                          MSG#<at>#<correspondenceId>
 *   Human task          CASE#<caseId>                          TASK#<taskId>
 *   Reference claim     REF#<reference>                        REF
 *   Reference counter   COUNTER#REFERENCE#<prefix>#<year>      COUNTER
 *   Intake idempotency  IDEMPOTENCY#INTAKE#<key>               IDEMPOTENCY
 *   Powertools records  idempotency#<function name>            <hash>    (written by Powertools itself)
 *
 *   GSI1 (sparse)       gsi1pk                                 gsi1sk
 *   awaiting workflow   WORKFLOW#AWAITING_START                <receivedAt>#<caseId>
 *   task by id          TASK#<taskId>                          TASK
 */
export const GSI1 = 'gsi1';
/** TTL attribute (epoch seconds), enabled on the table. */
export const TTL_ATTRIBUTE = 'expiresAt';

export type Key = { pk: string; sk: string };

export const keys = {
  case: (caseId: string): Key => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  audit: (caseId: string, at: string, eventId: string): Key => ({
    pk: `CASE#${caseId}`,
    sk: `AUDIT#${at}#${eventId}`,
  }),
  correspondence: (caseId: string, at: string, correspondenceId: string): Key => ({
    pk: `CASE#${caseId}`,
    sk: `MSG#${at}#${correspondenceId}`,
  }),
  task: (caseId: string, taskId: string): Key => ({ pk: `CASE#${caseId}`, sk: `TASK#${taskId}` }),
  reference: (reference: string): Key => ({ pk: `REF#${reference}`, sk: 'REF' }),
  referenceCounter: (prefix: string, year: number): Key => ({
    pk: `COUNTER#REFERENCE#${prefix}#${year}`,
    sk: 'COUNTER',
  }),
  intakeIdempotency: (idempotencyKey: string): Key => ({
    pk: `IDEMPOTENCY#INTAKE#${idempotencyKey}`,
    sk: 'IDEMPOTENCY',
  }),
};

export const indexKeys = {
  awaitingWorkflowStart: (receivedAt: string, caseId: string) => ({
    gsi1pk: 'WORKFLOW#AWAITING_START',
    gsi1sk: `${receivedAt}#${caseId}`,
  }),
  awaitingWorkflowStartPartition: 'WORKFLOW#AWAITING_START',
  taskById: (taskId: string) => ({ gsi1pk: `TASK#${taskId}`, gsi1sk: 'TASK' }),
};

/** Attributes that are storage detail, never part of a domain record. */
export const STORAGE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', TTL_ATTRIBUTE] as const;

export function stripStorageAttributes<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
