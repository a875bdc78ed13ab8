/** Every store on the single table, for one client and table: what the composition root and the tests wire. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dependencies } from '../../core/dependencies';
import { DynamoAccessLog } from './access-log';
import { DynamoAutoReplyWindow } from './auto-reply-window';
import { DynamoCaseStore } from './case-store';
import { DynamoDocuments } from './documents';
import { DynamoHeldMail } from './held-mail';
import { DynamoHospitalLists } from './hospital-lists';
import { DynamoIntakeIdempotency } from './intake-idempotency';
import { DynamoLearningActions } from './learning-actions';
import { DynamoMailThreads } from './mail-threads';
import { DynamoReferenceRegistry } from './reference-registry';
import { DynamoReports } from './reports';
import { DynamoSentMail } from './sent-mail';
import { DynamoStaffDirectory } from './staff-directory';
import { DynamoStaffSessions } from './staff-sessions';
import { DynamoStatistics } from './statistics';
import { DynamoStatusLinks } from './status-links';

export type Stores = Pick<
  Dependencies,
  | 'cases'
  | 'references'
  | 'intakeIdempotency'
  | 'threads'
  | 'heldMail'
  | 'statusLinks'
  | 'autoReplies'
  | 'sentMail'
  | 'statistics'
  | 'reports'
  | 'actions'
  | 'staff'
  | 'lists'
  | 'documents'
  | 'accessLog'
  | 'sessions'
>;

export function dynamoStores(db: DynamoDBDocumentClient, tableName: string): Stores {
  return {
    cases: new DynamoCaseStore(db, tableName),
    references: new DynamoReferenceRegistry(db, tableName),
    intakeIdempotency: new DynamoIntakeIdempotency(db, tableName),
    threads: new DynamoMailThreads(db, tableName),
    heldMail: new DynamoHeldMail(db, tableName),
    statusLinks: new DynamoStatusLinks(db, tableName),
    autoReplies: new DynamoAutoReplyWindow(db, tableName),
    sentMail: new DynamoSentMail(db, tableName),
    statistics: new DynamoStatistics(db, tableName),
    reports: new DynamoReports(db, tableName),
    actions: new DynamoLearningActions(db, tableName),
    staff: new DynamoStaffDirectory(db, tableName),
    lists: new DynamoHospitalLists(db, tableName),
    documents: new DynamoDocuments(db, tableName),
    accessLog: new DynamoAccessLog(db, tableName),
    sessions: new DynamoStaffSessions(db, tableName),
  };
}
