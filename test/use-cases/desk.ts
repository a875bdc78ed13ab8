/**
 * A patient-relations desk in memory for the use-case tests: the ports from ../support/memory, three members
 * of staff, and short ways to take a case to a step as the state machine would (open, acknowledge, arm the
 * step's wait with a live token, complete it).
 */
import type { Actor } from '../../functions/core/access/roles';
import type { WorkflowStep } from '../../functions/core/case/case';
import type { Settings } from '../../functions/core/dependencies';
import type { IntakeChannel } from '../../functions/core/intake/classification';
import type { ComplaintInput } from '../../functions/core/intake/complaint';
import { submitComplaint } from '../../functions/core/intake/submit-complaint';
import { RESPONSE_HEADINGS } from '../../functions/core/letters/response-letter';
import type { ReceivedEmail, Verdict } from '../../functions/core/mail/mail-items';
import { acknowledge } from '../../functions/core/review/acknowledge-the-complainant';
import { assignCase } from '../../functions/core/review/assign-case';
import { completeTask } from '../../functions/core/review/complete-step';
import { openCase } from '../../functions/core/review/open-the-case';
import { sendCaseCorrespondence } from '../../functions/core/review/send-correspondence';
import { armHumanTask } from '../../functions/core/review/wait-for-step';
import { familyComplaint } from '../support/fixtures';
import { type MemoryDependencies, memoryDependencies } from '../support/memory';

export const coordinator: Actor = {
  userId: 'u-casey',
  email: 'casey@example.org',
  name: 'Casey Coordinator',
  roles: ['coordinator'],
};
export const representative: Actor = {
  userId: 'u-riley',
  email: 'riley@example.org',
  name: 'Riley Rep',
  roles: ['representative'],
};
export const otherRepresentative: Actor = {
  userId: 'u-robin',
  email: 'robin@example.org',
  name: 'Robin Rep',
  roles: ['representative'],
};
export const manager: Actor = {
  userId: 'u-morgan',
  email: 'morgan@example.org',
  name: 'Morgan Manager',
  roles: ['manager'],
};

export async function desk(settings: Partial<Settings> = {}): Promise<MemoryDependencies> {
  const deps = memoryDependencies(settings);
  for (const actor of [coordinator, representative, otherRepresentative, manager])
    await deps.staff.upsert(actor);
  return deps;
}

/** A new case through intake, opened and acknowledged as the workflow's first states do. */
export async function newCase(
  deps: MemoryDependencies,
  complaint: ComplaintInput = familyComplaint(),
  channel: IntakeChannel = 'web',
): Promise<string> {
  const { caseId } = await submitComplaint(deps, { complaint, channel, actor: 'complainant' });
  await openAsTheWorkflowDoes(deps, caseId);
  await acknowledge(deps, caseId);
  return caseId;
}

/** "Open the case", the first state of the case's latest execution. */
export function openAsTheWorkflowDoes(deps: MemoryDependencies, caseId: string) {
  return openCase(deps, { caseId, executionArn: deps.workflow.latestExecutionArn(caseId) });
}

let tokens = 0;

/** "Wait for <step>": arms the step with a token the scripted workflow treats as waiting. */
export async function arm(deps: MemoryDependencies, caseId: string, step: WorkflowStep) {
  tokens += 1;
  const token = `token-${step}-${tokens}`;
  deps.workflow.live.add(token);
  const { taskId } = await armHumanTask(deps, { caseId, step, taskToken: token });
  return { taskId: taskId as string, token };
}

/** Arms the step and completes it as `actor` with `body`. */
export async function complete(
  deps: MemoryDependencies,
  actor: Actor,
  caseId: string,
  step: WorkflowStep,
  body: unknown,
) {
  const { taskId } = await arm(deps, caseId, step);
  return completeTask(deps, { actor, taskId, body });
}

/** A coordinator assigns the case from the console (not at triage). */
export async function assign(deps: MemoryDependencies, caseId: string, assigneeId: string) {
  return assignCase(deps, { actor: coordinator, caseId, assigneeId });
}

export const assignTo = (assigneeId: string, type = 'grievance') => ({
  outcome: 'assign',
  type,
  category: 'Nursing care',
  priority: 'routine',
  assigneeId,
  // A grievance given another type needs a reason (triage.ts, the grievance gate).
  ...(type === 'grievance' ? {} : { reason: 'Called back: they only wanted to pass this on.' }),
});

export const findings = {
  outcome: 'findings',
  stepsTaken: 'Read the ward log and spoke to the night staff.',
  findings: 'The call bell went unanswered because of a staffing gap.',
};

/** A response letter with the four elements of 42 CFR 482.13(a)(2)(iii). */
export const completeDraft = {
  outcome: 'draft',
  body: [
    'Dear complainant,',
    `${RESPONSE_HEADINGS.stepsTaken}\nWe read the ward log and spoke to the night staff.`,
    `${RESPONSE_HEADINGS.results}\nThe call bell went unanswered because of a staffing gap.`,
    `${RESPONSE_HEADINGS.contact}\nRiley Rep, riley@example.org`,
    `${RESPONSE_HEADINGS.completion}\n5 November 2026`,
  ].join('\n\n'),
  contactPerson: { name: 'Riley Rep', contact: 'riley@example.org' },
  completionDate: '2026-11-05',
};

/** Takes a new case to the given step's open wait, with the representative assigned. */
export async function caseAt(
  deps: MemoryDependencies,
  step: 'investigation' | 'response' | 'approval',
  options: { complaint?: ComplaintInput; channel?: IntakeChannel; type?: string; draftBody?: string } = {},
) {
  const caseId = await newCase(deps, options.complaint, options.channel);
  await complete(deps, coordinator, caseId, 'triage', assignTo(representative.userId, options.type));
  if (step !== 'investigation') await complete(deps, representative, caseId, 'investigation', findings);
  if (step === 'approval') {
    await complete(deps, representative, caseId, 'response', {
      ...completeDraft,
      body: options.draftBody ?? completeDraft.body,
    });
  }
  const waiting = await arm(deps, caseId, step);
  return { caseId, ...waiting };
}

/** A case whose representative asked the complainant a question (sent), now waiting for the answer. */
export async function waitingForComplainant(deps: MemoryDependencies, question = 'Which ward was it?') {
  const { caseId, taskId } = await caseAt(deps, 'investigation');
  await completeTask(deps, {
    actor: representative,
    taskId,
    body: { outcome: 'request-information', message: question },
  });
  await sendCaseCorrespondence(deps, { caseId, action: 'information-request' });
  const respondBy = Date.parse((await deps.cases.getCase(caseId))?.deadlines.respond?.dueAt as string);
  const wait = await arm(deps, caseId, 'awaiting-complainant');
  return { caseId, respondBy, ...wait };
}

let sequence = 0;

/** Stores a raw message where SES would and returns SES's event for it. */
export function deliver(
  deps: MemoryDependencies,
  headers: Record<string, string>,
  body = 'Please see my message below.',
  verdicts: Partial<ReceivedEmail['verdicts']> = {},
): ReceivedEmail {
  sequence += 1;
  const all = { Subject: 'A question', 'Message-ID': `<m${sequence}@mail.example.com>`, ...headers };
  const raw = `${Object.entries(all)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n${body}\r\n`;
  const rawKey = `inbound/ses-${sequence}`;
  deps.blobs.raw.set(rawKey, Buffer.from(raw));
  const pass: Verdict = 'PASS';
  return {
    sesMessageId: `ses-${sequence}`,
    rawKey,
    receivedAt: deps.clock.now().toISOString(),
    recipients: [deps.settings.inboundAddress],
    verdicts: { spam: pass, virus: pass, spf: pass, dkim: pass, dmarc: pass, ...verdicts },
  };
}
