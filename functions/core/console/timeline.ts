/**
 * The case's timeline as sentences a coordinator reads at a glance ("Triage completed by Casey Coordinator:
 * assigned to Riley Rep"), not event codes. Names come from the staff directory; an event the code does not
 * know yet still reads plainly.
 */
import type { AuditEvent, Correction } from '../case/case';
import { STEP_RULES } from '../review/step-rules';

type NameOf = (userId: string | undefined) => string;

const FIELD_TEXT: Record<string, string> = {
  'complainant.name': "the complainant's name",
  'complainant.email': "the complainant's email",
  'complainant.phone': "the complainant's phone",
  'complainant.address': "the complainant's postal address",
  'patient.name': "the patient's name",
  'patient.dateOfBirth': "the patient's date of birth",
  'patient.mrn': "the patient's MRN",
  contactPreference: 'the contact preference',
  facility: 'the facility',
  department: 'the department',
};

function stepLabel(step: unknown): string {
  return STEP_RULES[step as keyof typeof STEP_RULES]?.label ?? String(step ?? 'A step');
}

export function sentenceOf(event: AuditEvent, nameOf: NameOf): string {
  const by = event.actor === 'system' ? 'Liaison' : nameOf(event.actor);
  const detail = event.detail ?? {};
  switch (event.type) {
    case 'case.received':
      return `Received by ${detail.channel ?? 'an unknown channel'} as ${detail.reference ?? 'a new case'}`;
    case 'case.classified':
      return `Classified on arrival as a ${detail.priority ?? ''} ${detail.kind ?? 'case'}`.replace(
        /\s+/g,
        ' ',
      );
    case 'task.opened':
      return `${stepLabel(detail.step)} opened`;
    case 'task.completed':
      return `${stepLabel(detail.step)} completed by ${by}: ${String(detail.outcome ?? 'done').replace(/-/g, ' ')}`;
    case 'case.triaged':
      return `Triaged by ${by}: a ${detail.priority} ${detail.type}, assigned to ${nameOf(detail.assigneeId as string)}`;
    case 'case.assigned':
      return detail.from
        ? `Reassigned by ${by} from ${nameOf(detail.from as string)} to ${nameOf(detail.to as string)}`
        : `Assigned by ${by} to ${nameOf(detail.to as string)}`;
    case 'case.corrected':
      return `Record corrected by ${by}: ${String(detail.fields ?? '')
        .split(',')
        .map((field) => FIELD_TEXT[field] ?? field)
        .join(', ')}`;
    case 'case.withdrawn':
      return `Withdrawn by ${by}`;
    case 'case.closed':
      return `Closed by ${by}: ${String(detail.outcome ?? '').replace(/-/g, ' ')}`;
    case 'case.reopened':
      return `Reopened by ${by}`;
    case 'case.needs-attention':
      return 'The review stopped on an error and needs attention';
    case 'deadlines.set':
      return 'Deadlines set by the SLA policy';
    case 'deadlines.extended':
      return `Response time extended by ${by}`;
    case 'deadlines.expedited':
      return 'Deadlines shortened: expedited';
    case 'acknowledgement.sent':
      return 'Acknowledgement sent to the complainant';
    case 'acknowledgement.withheld':
      return 'Automatic acknowledgement withheld';
    case 'clock.resumed':
      return 'Clock resumed: the complainant answered';
    case 'correspondence.shared':
      return `A received message shared with the complainant by ${by}`;
    case 'correspondence.unshared':
      return `A received message no longer shared with the complainant, by ${by}`;
    default: {
      const [subject, verb] = event.type.split('.');
      if (subject === 'clock') return `${stepLabel(detail.step)}: ${String(verb).replace(/-/g, ' ')} sent`;
      if (subject === 'upload') return `A web-form file was ${verb}`;
      if (subject === 'correspondence')
        return `Correspondence recorded (${String(verb).replace(/-/g, ' ')})${event.actor === 'system' ? '' : ` by ${by}`}`;
      return `${event.type.replace(/[.-]/g, ' ')}${event.actor === 'system' ? '' : ` by ${by}`}`;
    }
  }
}

/** A correction as sentences with the values before and after (PHI: staff only, on the case page). */
export function correctionSentences(correction: Correction): string[] {
  const show = (value: unknown) =>
    value === undefined || value === null
      ? 'nothing'
      : typeof value === 'object'
        ? Object.values(value as Record<string, unknown>)
            .filter(Boolean)
            .join(', ')
        : String(value);
  return correction.changes.map(
    (change) =>
      `${correction.by.name} corrected ${FIELD_TEXT[change.field] ?? change.field} from ${show(change.before)} to ${show(change.after)}`,
  );
}
