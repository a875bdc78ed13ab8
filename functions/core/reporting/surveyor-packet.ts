/**
 * The surveyor packet (issue 15 §6): everything a surveyor asks to see about one case, as one PDF. It holds the
 * summary and determination, the deadlines with the rule each comes from, the timeline in sentences, every letter
 * in full with how and when it went, the response's check against A-0123 (or NHS reg 14), the approval and any
 * returns, and the audit trail as recorded. For coordinators and managers; each packet made is in the case's
 * access log.
 */
import { DateTime } from 'luxon';
import { recordRead } from '../access/access-log';
import { type Actor, requireRole } from '../access/roles';
import { caseTypeOf } from '../case/case';
import { loadCase } from '../case/change-case';
import { sentenceOf } from '../console/timeline';
import type { Deps } from '../dependencies';
import { PdfWriter } from '../letters/pdf-writer';
import { checkResponse } from '../letters/response-letter';
import { timeZoneOf } from '../sla/case-clock';

export async function surveyorPacket(
  deps: Deps<'cases' | 'staff' | 'accessLog' | 'clock' | 'ids' | 'settings'>,
  actor: Actor,
  caseId: string,
): Promise<{ pdf: Uint8Array; filename: string }> {
  requireRole(actor, ['coordinator', 'manager'], 'make a surveyor packet');
  const record = await loadCase(deps.cases, caseId);
  await recordRead(deps, actor, caseId, 'surveyor-packet');
  const [{ audit, correspondence }, staff] = await Promise.all([
    deps.cases.caseTimeline(caseId),
    deps.staff.list({ includeInactive: true }),
  ]);
  const names = new Map(staff.map((member) => [member.userId, member.name]));
  const nameOf = (userId: string | undefined) => (userId ? (names.get(userId) ?? userId) : 'someone');
  const zone = timeZoneOf(record, deps.settings);
  const when = (iso: string | undefined) =>
    iso ? DateTime.fromISO(iso, { zone }).setLocale('en-US').toFormat('d LLL yyyy, HH:mm ZZZZ') : '-';
  const now = deps.clock.now().toISOString();

  const pdf = await PdfWriter.create(
    record.slaPolicy === 'uk-nhs' ? 'a4' : 'letter',
    `Case ${record.reference}`,
  );
  pdf.paragraph(`${deps.settings.organizationName}: patient relations`, { size: 10 });
  pdf.paragraph(`Case ${record.reference}: surveyor packet`, { font: pdf.bold, size: 18, after: 4 });
  pdf.paragraph(`Prepared ${when(now)} by ${actor.name}. Times are in ${zone}.`, { size: 9, after: 8 });

  const { complainant, patient } = record.complaint;
  pdf.heading('Summary');
  pdf.rows([
    ['Received', `${when(record.receivedAt)} by ${record.channel}`],
    ['Type', `${caseTypeOf(record)} (${record.triage?.priority ?? record.classification.priority})`],
    ['Determination', record.classification.reason],
    ...(record.triage?.reason ? [['Why retyped', record.triage.reason] as [string, string]] : []),
    ['Category', record.triage?.category ?? record.complaint.category ?? '-'],
    [
      'Facility, department',
      [
        record.triage?.facility ?? record.complaint.facility,
        record.triage?.department ?? record.complaint.department,
      ]
        .filter(Boolean)
        .join(', ') || '-',
    ],
    [
      'Complainant',
      `${complainant.name} (${complainant.relationship}); prefers ${record.complaint.contactPreference}`,
    ],
    [
      'Patient',
      patient
        ? [patient.name, patient.mrn ? `MRN ${patient.mrn}` : ''].filter(Boolean).join(', ')
        : 'the complainant',
    ],
    ['Assigned to', record.assignee?.name ?? '-'],
    ['Stage', record.stage],
    [
      'Outcome',
      record.closure
        ? `${record.closure.outcome} on ${when(record.closure.closedAt)}${record.closure.rootCause ? `; root cause: ${record.closure.rootCause}` : ''}`
        : 'open',
    ],
  ]);

  pdf.heading('What the complainant told us');
  pdf.paragraph(record.complaint.description, { size: 10 });
  if (record.complaint.desiredOutcome)
    pdf.paragraph(`Hoped for: ${record.complaint.desiredOutcome}`, { size: 10 });

  pdf.heading('Deadlines and the rules they come from');
  pdf.rows(
    Object.entries(record.deadlines).map(([name, deadline]) => [
      name,
      `${when(deadline?.dueAt)}: ${deadline?.source ?? ''}`,
    ]),
  );
  for (const extension of record.extensions ?? []) {
    pdf.paragraph(
      `Extended by ${nameOf(extension.by)} on ${when(extension.at)} to ${when(extension.newDueAt)}: ${extension.reason}`,
      { size: 10 },
    );
  }

  pdf.heading('The written response');
  const check = record.draft ? checkResponse(record, record.draft) : undefined;
  pdf.rows([
    [
      'Sent',
      record.response
        ? `${when(record.response.sentAt)} by ${record.response.channel}${record.response.postedOn ? `, posted ${record.response.postedOn}` : ''}`
        : 'not sent',
    ],
    ['Interim letter', record.interimLetter ? when(record.interimLetter.sentAt) : '-'],
    [
      'Required elements',
      !check
        ? 'not required for this case'
        : check.missing.length === 0
          ? `all present (${check.rule})`
          : check.missing.map((error) => error.message).join(' '),
    ],
    [
      'Approved',
      record.approval
        ? `by ${nameOf(record.approval.approvedBy)} on ${when(record.approval.approvedAt)}`
        : '-',
    ],
    ...(record.returns ?? []).map(
      (returned) =>
        ['Returned', `by ${nameOf(returned.by)} on ${when(returned.at)}: ${returned.comments}`] as [
          string,
          string,
        ],
    ),
  ]);

  pdf.heading('Timeline');
  for (const event of [...audit].sort((a, b) => a.at.localeCompare(b.at))) {
    pdf.paragraph(`${when(event.at)}  ${sentenceOf(event, nameOf)}`, { size: 9 });
  }

  pdf.heading('Letters and messages');
  for (const item of correspondence.filter((each) => each.channel !== 'internal')) {
    const sent =
      item.status === 'posted'
        ? `posted ${item.postedOn}`
        : item.status === 'to-be-mailed'
          ? 'to be posted'
          : item.direction === 'out'
            ? 'sent'
            : 'received';
    pdf.paragraph(`${when(item.at)}, ${item.kind} (${item.channel}, ${sent}): ${item.subject}`, {
      font: pdf.bold,
      size: 10,
    });
    pdf.paragraph(
      `${item.direction === 'out' ? 'To' : 'From'}: ${item.direction === 'out' ? item.to : item.from}`,
      { size: 9 },
    );
    pdf.paragraph(item.heldText ?? item.body, { size: 9, indent: 12, after: 6 });
  }

  pdf.heading('Audit trail as recorded');
  for (const event of [...audit].sort((a, b) => a.at.localeCompare(b.at))) {
    const detail = event.detail ? ` ${JSON.stringify(event.detail)}` : '';
    pdf.paragraph(`${event.at}  ${event.type}  by ${event.actor}${detail}`, { size: 8 });
  }

  return {
    pdf: await pdf.save((page, of) => `${record.reference} · surveyor packet · page ${page} of ${of}`),
    filename: `${record.reference}-surveyor-packet.pdf`,
  };
}
