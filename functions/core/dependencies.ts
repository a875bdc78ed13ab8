/**
 * Everything a use case may be given: the ports (ports.ts), the settings it reads, and an observer for events
 * worth a log line or a metric. Each use case takes `Deps<...>` naming only what it uses, so its test gives it
 * exactly that (test/support/memory) and a reader sees at a glance what it touches.
 *
 * The one place that builds the real thing is functions/adapters/composition-root.ts.
 */

import type {
  AccessLog,
  AutoReplyWindow,
  BlobStore,
  CaseStore,
  CaseWorkflow,
  ChangeArchive,
  Clock,
  HeldMailStore,
  HospitalListStore,
  IdentityProvider,
  IdGenerator,
  IntakeIdempotencyStore,
  LearningActionStore,
  Mailer,
  MailThreads,
  ReferenceRegistry,
  ReportExports,
  ReportStore,
  SentMailLog,
  StaffDirectory,
  StaffSessions,
  StatisticsStore,
  StatusLinks,
  UploadStore,
  VersionedDocuments,
} from './ports';
import type { EscalationContacts } from './sla/escalation-contacts';
import type { SlaPolicyId } from './sla/sla-policies';

/** The deployment's settings as the core reads them (functions/shared/config.ts names their variables). */
export interface Settings {
  organizationName: string;
  organizationPhone: string;
  /** The return address on posted letters, line by line (ORGANIZATION_ADDRESS). */
  organizationAddress: string[];
  /** IANA zone for dates shown to people and for reference years. */
  timeZone: string;
  /** Base URL of Liaison's pages (console links, status links). */
  consoleUrl: string;
  /** complaints@domain: a case's replies go to complaints+<caseId>@domain. */
  inboundAddress: string;
  mailFrom: string;
  /** The domain Liaison receives mail for; mail from it is never answered automatically. */
  mailDomain: string;
  escalation: EscalationContacts;
  referencePrefix: string;
  slaPolicy: SlaPolicyId;
  /** Divides SLA durations for new cases (local demos only). */
  timeScale: number;
  /** Automatic acknowledgements one address may receive in 24 hours (ACKNOWLEDGEMENT_LIMIT). */
  acknowledgementLimit: number;
}

/** What the core reports for operations, never with PHI: ids and error names only. */
export interface Observer {
  workflowStartDeferred(caseId: string, error: unknown): void;
  /** Dashboard counters could not be added; the business write they count stands. */
  talliesNotRecorded(error: unknown): void;
  /** A completed step could not be handed to the workflow now; the sweeper hands it over (redeliver-steps.ts). */
  handOverDeferred(caseId: string, error: unknown): void;
}

export interface Dependencies {
  cases: CaseStore;
  references: ReferenceRegistry;
  intakeIdempotency: IntakeIdempotencyStore;
  threads: MailThreads;
  heldMail: HeldMailStore;
  statusLinks: StatusLinks;
  autoReplies: AutoReplyWindow;
  sentMail: SentMailLog;
  statistics: StatisticsStore;
  reports: ReportStore;
  actions: LearningActionStore;
  staff: StaffDirectory;
  lists: HospitalListStore;
  documents: VersionedDocuments;
  accessLog: AccessLog;
  sessions: StaffSessions;
  identity: IdentityProvider;
  history: ChangeArchive;
  exports: ReportExports;
  workflow: CaseWorkflow;
  mailer: Mailer;
  blobs: BlobStore;
  uploads: UploadStore;
  clock: Clock;
  ids: IdGenerator;
  settings: Settings;
  observe: Observer;
}

/** The part of Dependencies a use case takes. */
export type Deps<K extends keyof Dependencies> = Pick<Dependencies, K>;
