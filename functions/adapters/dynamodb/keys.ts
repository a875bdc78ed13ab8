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
 *   Staff member        STAFF#<userId>                         STAFF
 *   Held message        HELD#<heldId>                          HELD
 *   Hospital lists      LISTS#HOSPITAL                         LISTS      (facilities, departments, categories)
 *   List change         LISTS#HOSPITAL                         CHANGE#<at>#<changeId>  (before and after)
 *   Managed document    DOC#<name>                             CURRENT    (code-lists, templates)
 *   Document change     DOC#<name>                             CHANGE#<at>#<changeId>  (before and after)
 *   Status link         STATUS#<sha256 of the token>           STATUS     (TTL: the link's expiry)
 *   Dashboard counters  STATS#month:<yyyy-mm> | STATS#week:<yyyy-Www>  STATS
 *   Dashboard breakdown STATS#month:<yyyy-mm>                  BREAKDOWN#<dimension>#<hash of the label>
 *   Inbound guard       INBOUND#<message key>                  INBOUND    (one correspondence item per message)
 *   Auto-reply window   AUTOREPLY#<sender address>             AUTOREPLY  (TTL: one automatic reply a day)
 *   Sent mail           SENT#<purpose key>                     SENT       (one per email: acknowledgement:<caseId>, ...)
 *   Access record       ACCESS#<caseId>                        <at>#<accessId>  (who read the case, when, from where)
 *   Search term, name   SEARCH#name#<first 2 of the word>      <word>#<caseId>   (search/search-terms.ts)
 *   Search term, exact  SEARCH#<kind>#<value>                  <value>#<caseId>  (email, phone, mrn, dob)
 *   Learning action     ACTION#<actionId>                      ACTION
 *   Case facts          FACTS#<yyyy-mm received, UTC>          <receivedAt>#<caseId>  (reports' read model, no PHI)
 *
 *   GSI1 (sparse)       gsi1pk                                 gsi1sk
 *   actions of a case   ACTIONS#CASE#<caseId>                  <createdAt>#<actionId>
 *   awaiting workflow   WORKFLOW#AWAITING_START                <receivedAt>#<caseId>
 *   task by id          TASK#<taskId>                          TASK
 *   message by id       MSGID#<Message-ID>                     <caseId>   (correspondence, for threading)
 *   open case facts     FACTS#OPEN                             <receivedAt>#<caseId>  (KO41a: carried forward)
 *   closed case facts   FACTS#CLOSED#<yyyy-mm closed, UTC>     <closedAt>#<caseId>    (KO41a: resolved in a year)
 *
 *   GSI2 (sparse)       gsi2pk                                 gsi2sk
 *   cases by stage      CASES#STAGE#<stage>                    <dueAt>#<caseId>
 *   open tasks by queue TASKS#QUEUE#<queue>                    <dueAt>#<taskId>
 *   staff directory     STAFF                                  <name>#<userId>
 *   held messages       HELD#<status>                          <receivedAt>#<heldId>
 *   undelivered steps   TASKS#UNDELIVERED                      <completedAt>#<taskId>  (completed, not yet handed over)
 *   actions by status   ACTIONS#<status>                       <dueDate>#<actionId>
 *   letters to post     LETTERS#TO-POST                        <at>#<caseId>#<correspondenceId>  (until marked posted)
 *
 *   GSI3 (sparse)       gsi3pk                                 gsi3sk
 *   cases by assignee   CASES#ASSIGNEE#<userId>                <dueAt>#<caseId>
 *   open tasks by user  TASKS#ASSIGNEE#<userId>                <dueAt>#<taskId>
 *   absences by cover   STAFF#COVER#<coverId>                  <last day away>#<userId>  (on the staff member)
 */
export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const GSI3 = 'gsi3';
/** Sorts after any ISO timestamp: items without a due time list last. */
const NO_DUE = '9999';
/** TTL attribute (epoch seconds), enabled on the table. */
export const TTL_ATTRIBUTE = 'expiresAt';

export type Key = { pk: string; sk: string };

function splitTerm(term: string): [string, string] {
  const colon = term.indexOf(':');
  return [term.slice(0, colon), term.slice(colon + 1)];
}

/**
 * Name words are found by prefix, so they share a partition by their first two characters. An exact term (email,
 * phone, MRN, date of birth) has a partition of its own: one person's cases, however many others there are.
 */
function searchPartition(kind: string, value: string): string {
  return kind === 'name' ? `SEARCH#name#${value.slice(0, 2)}` : `SEARCH#${kind}#${value}`;
}

/** One partition a month received (UTC): a report over a year reads twelve. */
function caseFactsPartition(month: string): string {
  return `FACTS#${month}`;
}

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
  staff: (userId: string): Key => ({ pk: `STAFF#${userId}`, sk: 'STAFF' }),
  session: (sessionId: string): Key => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' }),
  /** A search term of a case (`<kind>:<value>`): a name word by its first two characters, others by value. */
  searchTerm: (term: string, caseId: string): Key => {
    const [kind, value] = splitTerm(term);
    return { pk: searchPartition(kind, value), sk: `${value}#${caseId}` };
  },
  searchPartition: (kind: string, value: string) => searchPartition(kind, value),
  held: (heldId: string): Key => ({ pk: `HELD#${heldId}`, sk: 'HELD' }),
  hospitalLists: (): Key => ({ pk: 'LISTS#HOSPITAL', sk: 'LISTS' }),
  hospitalListChange: (at: string, changeId: string): Key => ({
    pk: 'LISTS#HOSPITAL',
    sk: `CHANGE#${at}#${changeId}`,
  }),
  document: (name: string): Key => ({ pk: `DOC#${name}`, sk: 'CURRENT' }),
  documentChange: (name: string, at: string, changeId: string): Key => ({
    pk: `DOC#${name}`,
    sk: `CHANGE#${at}#${changeId}`,
  }),
  statusLink: (hash: string): Key => ({ pk: `STATUS#${hash}`, sk: 'STATUS' }),
  statistics: (period: string): Key => ({ pk: `STATS#${period}`, sk: 'STATS' }),
  learningAction: (actionId: string): Key => ({ pk: `ACTION#${actionId}`, sk: 'ACTION' }),
  caseFacts: (receivedAt: string, caseId: string): Key => ({
    pk: caseFactsPartition(receivedAt.slice(0, 7)),
    sk: `${receivedAt}#${caseId}`,
  }),
  caseFactsPartition: (month: string) => caseFactsPartition(month),
  breakdown: (period: string, dimension: string, labelHash: string): Key => ({
    pk: `STATS#${period}`,
    sk: `BREAKDOWN#${dimension}#${labelHash}`,
  }),
  breakdownPrefix: (period: string, dimension: string) => ({
    pk: `STATS#${period}`,
    skPrefix: `BREAKDOWN#${dimension}#`,
  }),
  inboundMessage: (messageKey: string): Key => ({ pk: `INBOUND#${messageKey}`, sk: 'INBOUND' }),
  autoReply: (sender: string): Key => ({ pk: `AUTOREPLY#${sender.toLowerCase()}`, sk: 'AUTOREPLY' }),
  /** By a hash of the address: no address in a key. */
  acknowledged: (recipientHash: string): Key => ({ pk: `ACKNOWLEDGED#${recipientHash}`, sk: 'ACKNOWLEDGED' }),
  sentMail: (purposeKey: string): Key => ({ pk: `SENT#${purposeKey}`, sk: 'SENT' }),
  access: (caseId: string, at: string, accessId: string): Key => ({
    pk: `ACCESS#${caseId}`,
    sk: `${at}#${accessId}`,
  }),
  accessPartition: (caseId: string) => `ACCESS#${caseId}`,
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
  /** A case's facts by whether it is open, or by when it closed: what the KO41a return counts by. */
  caseFactsByState: (facts: { receivedAt: string; closedAt?: string; caseId: string }) =>
    facts.closedAt
      ? { gsi1pk: `FACTS#CLOSED#${facts.closedAt.slice(0, 7)}`, gsi1sk: `${facts.closedAt}#${facts.caseId}` }
      : { gsi1pk: 'FACTS#OPEN', gsi1sk: `${facts.receivedAt}#${facts.caseId}` },
  openCaseFactsPartition: 'FACTS#OPEN',
  closedCaseFactsPartition: (month: string) => `FACTS#CLOSED#${month}`,
  taskById: (taskId: string) => ({ gsi1pk: `TASK#${taskId}`, gsi1sk: 'TASK' }),
  casesByStage: (stage: string, dueAt: string | undefined, caseId: string) => ({
    gsi2pk: `CASES#STAGE#${stage}`,
    gsi2sk: `${dueAt ?? NO_DUE}#${caseId}`,
  }),
  casesByStagePartition: (stage: string) => `CASES#STAGE#${stage}`,
  casesByAssignee: (userId: string, dueAt: string | undefined, caseId: string) => ({
    gsi3pk: `CASES#ASSIGNEE#${userId}`,
    gsi3sk: `${dueAt ?? NO_DUE}#${caseId}`,
  }),
  casesByAssigneePartition: (userId: string) => `CASES#ASSIGNEE#${userId}`,
  openTasksByQueue: (queue: string, dueAt: string | undefined, taskId: string) => ({
    gsi2pk: `TASKS#QUEUE#${queue}`,
    gsi2sk: `${dueAt ?? NO_DUE}#${taskId}`,
  }),
  openTasksByQueuePartition: (queue: string) => `TASKS#QUEUE#${queue}`,
  undeliveredTask: (completedAt: string, taskId: string) => ({
    gsi2pk: 'TASKS#UNDELIVERED',
    gsi2sk: `${completedAt}#${taskId}`,
  }),
  undeliveredTasksPartition: 'TASKS#UNDELIVERED',
  openTasksByAssignee: (userId: string, dueAt: string | undefined, taskId: string) => ({
    gsi3pk: `TASKS#ASSIGNEE#${userId}`,
    gsi3sk: `${dueAt ?? NO_DUE}#${taskId}`,
  }),
  openTasksByAssigneePartition: (userId: string) => `TASKS#ASSIGNEE#${userId}`,
  staffDirectory: (name: string, userId: string) => ({ gsi2pk: 'STAFF', gsi2sk: `${name}#${userId}` }),
  coveredBy: (coverId: string, until: string, userId: string) => ({
    gsi3pk: `STAFF#COVER#${coverId}`,
    gsi3sk: `${until}#${userId}`,
  }),
  coveredByPartition: (coverId: string) => `STAFF#COVER#${coverId}`,
  messageById: (messageId: string, caseId: string) => ({ gsi1pk: `MSGID#${messageId}`, gsi1sk: caseId }),
  messageByIdPartition: (messageId: string) => `MSGID#${messageId}`,
  heldByStatus: (status: string, receivedAt: string, heldId: string) => ({
    gsi2pk: `HELD#${status}`,
    gsi2sk: `${receivedAt}#${heldId}`,
  }),
  heldByStatusPartition: (status: string) => `HELD#${status}`,
  letterToPost: (at: string, caseId: string, correspondenceId: string) => ({
    gsi2pk: 'LETTERS#TO-POST',
    gsi2sk: `${at}#${caseId}#${correspondenceId}`,
  }),
  lettersToPostPartition: 'LETTERS#TO-POST',
  actionsByStatus: (status: string, dueDate: string, actionId: string) => ({
    gsi2pk: `ACTIONS#${status}`,
    gsi2sk: `${dueDate}#${actionId}`,
  }),
  actionsByStatusPartition: (status: string) => `ACTIONS#${status}`,
  actionsOfCase: (caseId: string, createdAt: string, actionId: string) => ({
    gsi1pk: `ACTIONS#CASE#${caseId}`,
    gsi1sk: `${createdAt}#${actionId}`,
  }),
  actionsOfCasePartition: (caseId: string) => `ACTIONS#CASE#${caseId}`,
  staffDirectoryPartition: 'STAFF',
  /** Upper bound of a "due before" range on a gsi2sk/gsi3sk that starts with a due time. */
  dueBefore: (iso: string) => `${iso}#`,
};

/** Attributes that are storage detail, never part of a domain record. */
export const STORAGE_ATTRIBUTES = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'entity',
  TTL_ATTRIBUTE,
] as const;

export function stripStorageAttributes<T>(item: Record<string, unknown>): T {
  const copy = { ...item };
  for (const attribute of STORAGE_ATTRIBUTES) delete copy[attribute];
  return copy as T;
}
