/**
 * Every Lambda function and API route, as data. The CDK stacks deploy from it and the local runner serves from
 * it, so a function or route cannot exist in one and be missing from the other. No AWS or CDK imports here.
 */
import type { SettingName } from './shared/config';
import { INTAKE_SETTINGS, LIFECYCLE_SETTINGS, MAIL_SETTINGS } from './shared/setting-groups';

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  /** Settings (functions/shared/config.ts) the function reads at cold start: its handler passes this list to
   * readConfig and infra sets exactly these, so the two cannot drift. */
  settings: readonly SettingName[];
  /** `${Placeholder}` in workflows/*.asl.json that stands for this function's ARN, if the workflow calls it. */
  workflowPlaceholder?: string;
  timeoutSeconds: number;
  memoryMb: number;
}

export const FUNCTIONS = {
  submitComplaint: {
    entry: 'functions/handlers/http/submit-complaint.ts',
    description: 'POST /api/complaints: public complaint intake, with upload grants for attached files',
    settings: [...INTAKE_SETTINGS, 'ATTACHMENT_BUCKET', 'DATA_KEY_ARN'],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  health: {
    entry: 'functions/handlers/http/health.ts',
    description: 'GET /api/health: readiness of the table, the workflow and mail',
    settings: ['TABLE_NAME', 'CASE_WORKFLOW_ARN'],
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  apiFallback: {
    entry: 'functions/handlers/http/fallback.ts',
    description: 'Unmatched API routes: 404, or 405 with Allow for a known path',
    settings: [],
    timeoutSeconds: 3,
    memoryMb: 128,
  },
  openCase: {
    entry: 'functions/handlers/workflow/open-case.ts',
    description:
      'Workflow: record that the case review runs (and set the deadlines of a case stored without them)',
    settings: ['TABLE_NAME', 'ORGANIZATION_TIME_ZONE', 'SLA_TIME_SCALE'],
    workflowPlaceholder: 'OpenCaseFunctionArn',
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  sendAcknowledgement: {
    entry: 'functions/handlers/workflow/send-acknowledgement.ts',
    description: 'Workflow: email the complainant the acknowledgement, once',
    settings: [...LIFECYCLE_SETTINGS, 'ACKNOWLEDGEMENT_LIMIT'],
    workflowPlaceholder: 'SendAcknowledgementFunctionArn',
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  openHumanTask: {
    entry: 'functions/handlers/workflow/open-human-task.ts',
    description: 'Workflow: open or re-arm a human step with its task token for the console',
    settings: LIFECYCLE_SETTINGS,
    workflowPlaceholder: 'OpenHumanTaskFunctionArn',
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  planClock: {
    entry: 'functions/handlers/workflow/plan-clock.ts',
    description: "Workflow: plan the next wait of a human step's SLA clock",
    settings: LIFECYCLE_SETTINGS,
    workflowPlaceholder: 'PlanClockFunctionArn',
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  fireClock: {
    entry: 'functions/handlers/workflow/fire-clock.ts',
    description: 'Workflow: send the reminder, escalation or interim letter that fell due',
    settings: LIFECYCLE_SETTINGS,
    workflowPlaceholder: 'FireClockFunctionArn',
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  sendCorrespondence: {
    entry: 'functions/handlers/workflow/send-correspondence.ts',
    description: 'Workflow: send the information request, response, survey or urgent alert',
    settings: LIFECYCLE_SETTINGS,
    workflowPlaceholder: 'SendCorrespondenceFunctionArn',
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  flagForAttention: {
    entry: 'functions/handlers/workflow/flag-for-attention.ts',
    description: 'Workflow: a step failed for good; flag the case and tell its coordinators',
    settings: LIFECYCLE_SETTINGS,
    workflowPlaceholder: 'FlagForAttentionFunctionArn',
    timeoutSeconds: 15,
    memoryMb: 256,
  },
  consoleApi: {
    entry: 'functions/handlers/http/console-api.ts',
    description:
      'Console API: cases, tasks, step completion, correspondence, withdraw/reopen/extend, staff, dashboard, OpenAPI',
    settings: MAIL_SETTINGS,
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  // Public: a role of its own, so an anonymous caller never runs with the console's grants.
  statusPage: {
    entry: 'functions/handlers/http/status-page.ts',
    description:
      "The complainant's private status page: view the case, send a message (authorised by the link's token)",
    settings: MAIL_SETTINGS,
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  apiReference: {
    entry: 'functions/handlers/http/api-reference.ts',
    description:
      'GET /api/openapi.json and GET /api/workflow: the API description and the review workflow map',
    settings: [],
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  // Its own function: PDF and spreadsheet libraries stay out of the console API's bundle.
  documentsApi: {
    entry: 'functions/handlers/http/documents-api.ts',
    description:
      'Letters to post (as PDFs, marked posted) and reports as files (the grievance log in CSV or XLSX)',
    settings: [
      'TABLE_NAME',
      'ORGANIZATION_NAME',
      'ORGANIZATION_PHONE',
      'ORGANIZATION_ADDRESS',
      'ORGANIZATION_TIME_ZONE',
    ],
    timeoutSeconds: 30,
    memoryMb: 1024,
  },
  heldMailApi: {
    entry: 'functions/handlers/http/held-mail-api.ts',
    description:
      'Console API for held mail: list it, and place a message on a case, as a new case, or discard it',
    settings: MAIL_SETTINGS,
    timeoutSeconds: 30,
    memoryMb: 1024,
  },
  receiveEmail: {
    entry: 'functions/handlers/mail/receive-email.ts',
    description: 'SES inbound: an email becomes a case, a reply on its case, or a held message',
    settings: MAIL_SETTINGS,
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
  receiveUpload: {
    entry: 'functions/handlers/storage/receive-upload.ts',
    description:
      'Malware scan result for a web-form file: attach it to its case, or quarantine, hold or refuse it',
    settings: ['TABLE_NAME', 'ATTACHMENT_BUCKET', 'DATA_KEY_ARN'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  refreshStaff: {
    entry: 'functions/handlers/ops/refresh-staff.ts',
    description:
      "Every 15 minutes: the staff directory follows Cognito's staff groups (added, removed, roles)",
    settings: ['TABLE_NAME', 'USER_POOL_ID'],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  archiveChanges: {
    entry: 'functions/handlers/storage/archive-changes.ts',
    description:
      "The table's change stream: keep every change, before and after, in the write-once history bucket",
    settings: ['HISTORY_BUCKET', 'DATA_KEY_ARN'],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  exportCaseFacts: {
    entry: 'functions/handlers/ops/export-case-facts.ts',
    description: "Daily: export the reports' read model (case facts, no PHI) to S3 as JSON Lines for Athena",
    settings: ['TABLE_NAME', 'EXPORT_BUCKET', 'DATA_KEY_ARN', 'REFERENCE_PREFIX'],
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  remindLearningActions: {
    entry: 'functions/handlers/ops/remind-learning-actions.ts',
    description:
      'Hourly: learning actions due remind their owners, and a week overdue their manager, once each',
    settings: [
      'TABLE_NAME',
      'MAIL_FROM',
      'SES_CONFIGURATION_SET',
      'ORGANIZATION_TIME_ZONE',
      'CONSOLE_URL',
      'ESCALATION_CONTACTS',
    ],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
  startPendingWorkflows: {
    entry: 'functions/handlers/ops/start-pending-workflows.ts',
    description:
      'Every few minutes: start review workflows whose start failed at intake, and hand over completed steps the workflow never received',
    settings: ['TABLE_NAME', 'CASE_WORKFLOW_ARN'],
    timeoutSeconds: 60,
    memoryMb: 256,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  method: HttpMethod;
  /** API Gateway route path; `{name}` marks a path parameter. */
  path: string;
  function: FunctionName;
  /** `staff` routes need a verified staff token (Cognito JWT authorizer in AWS, dev tokens locally). */
  auth: 'public' | 'staff';
}

/**
 * Every API operation, by its operationId: the one route table. Infra creates the gateway routes from it, the
 * local gateway serves from it, each function's router must handle exactly its operations (router.ts: a missing
 * or extra handler fails to compile), and the OpenAPI document must describe each one (openapi.ts, same rule).
 */
export const API_OPERATIONS = {
  submitComplaint: { method: 'POST', path: '/api/complaints', function: 'submitComplaint', auth: 'public' },
  getFormLists: { method: 'GET', path: '/api/lists', function: 'submitComplaint', auth: 'public' },
  getHospitalLists: { method: 'GET', path: '/api/hospital-lists', function: 'consoleApi', auth: 'staff' },
  changeHospitalList: {
    method: 'PUT',
    path: '/api/hospital-lists/{kind}',
    function: 'consoleApi',
    auth: 'staff',
  },
  getHealth: { method: 'GET', path: '/api/health', function: 'health', auth: 'public' },
  getOpenApiDocument: { method: 'GET', path: '/api/openapi.json', function: 'apiReference', auth: 'public' },
  getStatus: { method: 'POST', path: '/api/status', function: 'statusPage', auth: 'public' },
  addStatusMessage: { method: 'POST', path: '/api/status/messages', function: 'statusPage', auth: 'public' },
  answerSurvey: { method: 'POST', path: '/api/status/survey', function: 'statusPage', auth: 'public' },
  listTasks: { method: 'GET', path: '/api/tasks', function: 'consoleApi', auth: 'staff' },
  completeTask: {
    method: 'POST',
    path: '/api/tasks/{taskId}/complete',
    function: 'consoleApi',
    auth: 'staff',
  },
  listCases: { method: 'GET', path: '/api/cases', function: 'consoleApi', auth: 'staff' },
  searchCases: { method: 'GET', path: '/api/search', function: 'consoleApi', auth: 'staff' },
  openCase: { method: 'POST', path: '/api/cases', function: 'consoleApi', auth: 'staff' },
  getCase: { method: 'GET', path: '/api/cases/{id}', function: 'consoleApi', auth: 'staff' },
  correctCase: { method: 'PATCH', path: '/api/cases/{id}', function: 'consoleApi', auth: 'staff' },
  sendCaseMessage: {
    method: 'POST',
    path: '/api/cases/{id}/messages',
    function: 'consoleApi',
    auth: 'staff',
  },
  recordCaseNote: { method: 'POST', path: '/api/cases/{id}/notes', function: 'consoleApi', auth: 'staff' },
  shareCaseMessage: {
    method: 'POST',
    path: '/api/cases/{id}/messages/{correspondenceId}/share',
    function: 'consoleApi',
    auth: 'staff',
  },
  getCaseAccessLog: {
    method: 'GET',
    path: '/api/cases/{id}/access-log',
    function: 'consoleApi',
    auth: 'staff',
  },
  getAttachmentLink: {
    method: 'GET',
    path: '/api/cases/{id}/attachments/{attachmentId}',
    function: 'consoleApi',
    auth: 'staff',
  },
  withdrawCase: { method: 'POST', path: '/api/cases/{id}/withdraw', function: 'consoleApi', auth: 'staff' },
  addCaseFiles: { method: 'POST', path: '/api/cases/{id}/uploads', function: 'consoleApi', auth: 'staff' },
  referCase: { method: 'POST', path: '/api/cases/{id}/referrals', function: 'consoleApi', auth: 'staff' },
  createLearningAction: { method: 'POST', path: '/api/actions', function: 'consoleApi', auth: 'staff' },
  listLearningActions: { method: 'GET', path: '/api/actions', function: 'consoleApi', auth: 'staff' },
  updateLearningAction: {
    method: 'PATCH',
    path: '/api/actions/{actionId}',
    function: 'consoleApi',
    auth: 'staff',
  },
  listLettersToPost: { method: 'GET', path: '/api/letters', function: 'documentsApi', auth: 'staff' },
  getLetterPdf: {
    method: 'GET',
    path: '/api/letters/{letterId}/pdf',
    function: 'documentsApi',
    auth: 'staff',
  },
  markLetterPosted: {
    method: 'POST',
    path: '/api/letters/{letterId}/posted',
    function: 'documentsApi',
    auth: 'staff',
  },
  getSurveyorPacket: {
    method: 'GET',
    path: '/api/cases/{id}/packet',
    function: 'documentsApi',
    auth: 'staff',
  },
  getCommitteePack: {
    method: 'GET',
    path: '/api/reports/committee-pack',
    function: 'documentsApi',
    auth: 'staff',
  },
  getGrievanceLog: {
    method: 'GET',
    path: '/api/reports/grievance-log',
    function: 'documentsApi',
    auth: 'staff',
  },
  getKo41aReturn: { method: 'GET', path: '/api/reports/ko41a', function: 'documentsApi', auth: 'staff' },
  getAnnualReport: { method: 'GET', path: '/api/reports/annual', function: 'documentsApi', auth: 'staff' },
  listReportCases: { method: 'GET', path: '/api/reports/cases', function: 'documentsApi', auth: 'staff' },
  recordSecondStage: {
    method: 'POST',
    path: '/api/cases/{id}/second-stage',
    function: 'consoleApi',
    auth: 'staff',
  },
  recordSecondStageOutcome: {
    method: 'PUT',
    path: '/api/cases/{id}/second-stage/{secondStageId}',
    function: 'consoleApi',
    auth: 'staff',
  },
  codeCase: { method: 'PUT', path: '/api/cases/{id}/coding', function: 'consoleApi', auth: 'staff' },
  listTemplates: { method: 'GET', path: '/api/templates', function: 'consoleApi', auth: 'staff' },
  changeTemplate: { method: 'PUT', path: '/api/templates/{kind}', function: 'consoleApi', auth: 'staff' },
  previewTemplate: {
    method: 'POST',
    path: '/api/templates/{kind}/preview',
    function: 'consoleApi',
    auth: 'staff',
  },
  getCodeLists: { method: 'GET', path: '/api/coding/lists', function: 'consoleApi', auth: 'staff' },
  changeCodeLists: { method: 'PUT', path: '/api/coding/lists', function: 'consoleApi', auth: 'staff' },
  recordAuthority: {
    method: 'POST',
    path: '/api/cases/{id}/authority',
    function: 'consoleApi',
    auth: 'staff',
  },
  assignCase: { method: 'POST', path: '/api/cases/{id}/assign', function: 'consoleApi', auth: 'staff' },
  reopenCase: { method: 'POST', path: '/api/cases/{id}/reopen', function: 'consoleApi', auth: 'staff' },
  extendCase: { method: 'POST', path: '/api/cases/{id}/extension', function: 'consoleApi', auth: 'staff' },
  listStaff: { method: 'GET', path: '/api/staff', function: 'consoleApi', auth: 'staff' },
  setCover: { method: 'PUT', path: '/api/staff/{userId}/cover', function: 'consoleApi', auth: 'staff' },
  getDashboard: { method: 'GET', path: '/api/dashboard', function: 'consoleApi', auth: 'staff' },
  getWorkflowMap: { method: 'GET', path: '/api/workflow', function: 'apiReference', auth: 'staff' },
  listHeldMail: { method: 'GET', path: '/api/held', function: 'heldMailApi', auth: 'staff' },
  placeHeldMessage: {
    method: 'POST',
    path: '/api/held/{heldId}/place',
    function: 'heldMailApi',
    auth: 'staff',
  },
} as const satisfies Record<string, ApiRoute>;

export type OperationId = keyof typeof API_OPERATIONS;

/** The operations one function serves. */
export type OperationsOf<F extends FunctionName> = {
  [K in OperationId]: (typeof API_OPERATIONS)[K]['function'] extends F ? K : never;
}[OperationId];

/**
 * The route table as a list, each route with its operationId. Pure, so a function that reads no route (every
 * workflow task) leaves the route table out of its bundle.
 */
export const API_ROUTES: readonly (ApiRoute & { operationId: OperationId })[] = /* @__PURE__ */ (() =>
  (Object.entries(API_OPERATIONS) as [OperationId, ApiRoute][]).map(([operationId, route]) => ({
    operationId,
    ...route,
  })))();

/** How often the sweeper looks for cases whose workflow did not start. */
export const SWEEP_INTERVAL_MINUTES = 5;

/** Matches a request path against a route path, returning its path parameters. */
export function matchRoutePath(routePath: string, requestPath: string): Record<string, string> | undefined {
  const routeParts = routePath.split('/');
  const requestParts = requestPath.split('/');
  if (routeParts.length !== requestParts.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, part] of routeParts.entries()) {
    const actual = requestParts[index] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (!actual) return undefined;
      // Decoded once, as API Gateway does; a malformed escape (`%` alone) matches no route.
      const decoded = decodeOnce(actual);
      if (decoded === undefined) return undefined;
      parameters[part.slice(1, -1)] = decoded;
    } else if (part !== actual) {
      return undefined;
    }
  }
  return parameters;
}

function decodeOnce(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
