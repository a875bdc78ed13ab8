// The form for the case's current step. The fields mirror functions/core/review/steps/; the server validates again
// and its field errors are shown next to the fields and in a summary that takes focus.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { CASE_TYPES } from '../../../functions/core/case/case';
import type { CodeLists } from '../../../functions/core/coding/code-lists';
import type { CaseView } from '../../../functions/core/console/console-queries';
import type { StaffChoice } from '../../../functions/core/console/staff-list';
import { type ApiError, api, type FieldError } from './api';

interface Field {
  name: string;
  label: string;
  /**
   * `representative`: a choice of the representatives in the staff directory, by name; `rootCause`: a choice of
   * the code lists' root causes.
   */
  kind: 'text' | 'textarea' | 'select' | 'date' | 'checkbox' | 'representative' | 'rootCause';
  options?: string[];
  required?: boolean;
  /** A text field that suggests the hospital's list (any other text stays possible: "Other"). */
  list?: 'facilities' | 'departments' | 'categories';
}

type Suggestions = { facilities: string[]; departments: string[]; categories: string[] };

interface Outcome {
  outcome: string;
  label: string;
  fields: Field[];
}

const RETRACK: Outcome = {
  outcome: 'retrack',
  label: 'Send back to triage (another kind of case)',
  fields: [{ name: 'reason', label: 'Why it goes back to triage', kind: 'textarea', required: true }],
};
const REPLY: Field = {
  name: 'reply',
  label: 'Letter to the person (sent the way they asked to be contacted)',
  kind: 'textarea',
};
const RESOLVED: Outcome = {
  outcome: 'resolved',
  label: 'Resolved',
  fields: [{ name: 'summary', label: 'What was done', kind: 'textarea', required: true }, REPLY],
};

const OUTCOMES: Record<string, Outcome[]> = {
  triage: [
    {
      outcome: 'assign',
      label: 'Assign a representative',
      fields: [
        {
          name: 'type',
          label: 'Type',
          kind: 'select',
          options: [...CASE_TYPES],
          required: true,
        },
        { name: 'category', label: 'Category', kind: 'text', required: true, list: 'categories' },
        {
          name: 'priority',
          label: 'Priority',
          kind: 'select',
          options: ['routine', 'urgent', 'expedited'],
          required: true,
        },
        { name: 'assigneeId', label: 'Representative', kind: 'representative', required: true },
        { name: 'facility', label: 'Facility', kind: 'text', list: 'facilities' },
        {
          name: 'reason',
          label: 'Why it is not a grievance, or why it moves from its earlier track',
          kind: 'textarea',
        },
        { name: 'department', label: 'Department or service', kind: 'text', list: 'departments' },
        { name: 'property.item', label: 'Lost property: the item', kind: 'text' },
        { name: 'property.whereLost', label: 'Lost property: where it was lost', kind: 'text' },
        { name: 'property.whenLost', label: 'Lost property: when it was lost', kind: 'date' },
        {
          name: 'medicareRights',
          label: "Billing: a Medicare beneficiary's complaint about their rights under 42 CFR 489",
          kind: 'checkbox',
        },
      ],
    },
    {
      outcome: 'resolve-at-first-contact',
      label: 'Resolved at first contact',
      fields: [{ name: 'summary', label: 'Summary', kind: 'textarea', required: true }],
    },
    {
      outcome: 'duplicate',
      label: 'Duplicate of another case',
      fields: [
        { name: 'duplicateOf', label: 'Reference of the original case', kind: 'text', required: true },
      ],
    },
    {
      outcome: 'withdrawn',
      label: 'Withdrawn',
      fields: [{ name: 'reason', label: 'Reason', kind: 'textarea', required: true }],
    },
  ],
  investigation: [
    {
      outcome: 'findings',
      label: 'Record findings',
      fields: [
        { name: 'stepsTaken', label: 'Steps taken to investigate', kind: 'textarea', required: true },
        { name: 'findings', label: 'Findings', kind: 'textarea', required: true },
        {
          name: 'referralsOverride',
          label:
            'With referrals still open: why this cannot wait for their answers (coordinators and managers)',
          kind: 'textarea',
        },
      ],
    },
    {
      outcome: 'request-information',
      label: 'Ask the complainant for information',
      fields: [{ name: 'message', label: 'Message to the complainant', kind: 'textarea', required: true }],
    },
  ],
  'awaiting-complainant': [
    {
      outcome: 'resume',
      label: 'Resume the investigation',
      fields: [{ name: 'note', label: 'Note', kind: 'textarea' }],
    },
  ],
  response: [
    {
      outcome: 'draft',
      label: 'Save the draft response',
      fields: [
        { name: 'body', label: 'Response letter', kind: 'textarea', required: true },
        { name: 'contactPerson.name', label: 'Contact person', kind: 'text', required: true },
        {
          name: 'contactPerson.contact',
          label: "Contact person's phone or email",
          kind: 'text',
          required: true,
        },
        { name: 'completionDate', label: 'Date of completion', kind: 'date', required: true },
      ],
    },
  ],
  approval: [
    { outcome: 'approve', label: 'Approve and send', fields: [] },
    {
      outcome: 'return',
      label: 'Return with comments',
      fields: [
        { name: 'comments', label: 'Comments for the representative', kind: 'textarea', required: true },
      ],
    },
  ],
  closure: [
    {
      outcome: 'close',
      label: 'Close the case',
      fields: [
        {
          name: 'result',
          label: 'Outcome',
          kind: 'select',
          options: ['upheld', 'partly-upheld', 'not-upheld'],
          required: true,
        },
        { name: 'rootCause', label: 'Root cause', kind: 'rootCause', required: true },
        { name: 'survey', label: 'Send a satisfaction survey', kind: 'checkbox' },
      ],
    },
  ],
  concern: [RESOLVED, RETRACK],
  appointment: [RESOLVED, RETRACK],
  billing: [
    {
      ...RESOLVED,
      fields: [
        { name: 'passedTo', label: 'Who answered (billing office, insurer)', kind: 'text', required: true },
        ...RESOLVED.fields,
      ],
    },
    RETRACK,
  ],
  request: [
    {
      outcome: 'answered',
      label: 'Answered',
      fields: [
        {
          name: 'result',
          label: 'Result',
          kind: 'select',
          options: ['provided', 'partly-provided', 'access-denied'],
          required: true,
        },
        { name: 'summary', label: 'What was provided, or why not', kind: 'textarea', required: true },
        {
          ...REPLY,
          label:
            'Letter to the person (required when access is refused: the reason, review rights, how to complain)',
        },
      ],
    },
    RETRACK,
  ],
  'property-search': [
    {
      outcome: 'found',
      label: 'Found',
      fields: [
        { name: 'heldAt', label: 'Where it is held for collection', kind: 'text', required: true },
        { name: 'note', label: 'Note', kind: 'textarea' },
      ],
    },
    {
      outcome: 'not-found',
      label: 'Not found',
      fields: [
        { name: 'summary', label: 'Where it was looked for', kind: 'textarea', required: true },
        REPLY,
      ],
    },
    RETRACK,
  ],
  'property-held': [
    {
      outcome: 'returned',
      label: 'Returned to its owner',
      fields: [{ name: 'summary', label: 'Returned to whom, and how', kind: 'textarea', required: true }],
    },
    {
      outcome: 'disposed',
      label: 'Disposed of after the holding period',
      fields: [{ name: 'summary', label: 'How, and why', kind: 'textarea', required: true }],
    },
  ],
  'pass-on': [
    {
      outcome: 'passed-on',
      label: 'Passed on',
      fields: [
        { name: 'passedTo', label: 'Passed to (staff, ward or team)', kind: 'text', required: true },
        { name: 'summary', label: 'How it was passed on', kind: 'textarea', required: true },
        REPLY,
      ],
    },
    RETRACK,
  ],
};

/** The chosen outcome's fields only: values typed under another outcome (or filled in from the case) stay out. */
function toBody(
  outcome: Outcome | undefined,
  values: Record<string, string | boolean>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { outcome: outcome?.outcome };
  const fields = new Set(outcome?.fields.map((field) => field.name));
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || value === undefined || !fields.has(name)) continue;
    const [head, tail] = name.split('.');
    if (head && tail) body[head] = { ...(body[head] as object), [tail]: value };
    else body[name] = value;
  }
  return body;
}

/** The response step starts from the saved draft, or from the template filled with the investigation. */
function initialValues(step: string, view: CaseView): Record<string, string | boolean> {
  if (step === 'triage') {
    // What the form gave, for the coordinator to confirm or change: the dashboard counts what triage decides.
    const { category, facility, department } = view.case.complaint;
    return Object.fromEntries(
      Object.entries({ category, facility, department }).filter(
        (entry): entry is [string, string] => !!entry[1],
      ),
    );
  }
  const draft = view.suggestedDraft;
  if (step !== 'response' || !draft) return {};
  return {
    body: draft.body,
    'contactPerson.name': draft.contactPerson.name,
    'contactPerson.contact': draft.contactPerson.contact,
    completionDate: draft.completionDate,
  };
}

export function StepForm({
  step,
  taskId,
  view,
  onDone,
}: {
  step: string;
  taskId: string;
  view: CaseView;
  onDone: () => void;
}) {
  const outcomes = OUTCOMES[step] ?? [];
  const [chosen, setChosen] = useState(outcomes[0]?.outcome ?? '');
  const [representatives, setRepresentatives] = useState<{ value: string; label: string }[]>([]);
  const needsPicker = outcomes.some((outcome) =>
    outcome.fields.some((field) => field.kind === 'representative'),
  );
  useEffect(() => {
    if (!needsPicker) return;
    api<{ staff: StaffChoice[] }>('/api/staff')
      .then((answer) =>
        setRepresentatives(
          answer.staff
            .filter((member) => member.roles.includes('representative'))
            .map((member) => ({
              value: member.userId,
              label: `${member.name} (${member.openTasks} open ${member.openTasks === 1 ? 'step' : 'steps'})`,
            })),
        ),
      )
      .catch(() => setRepresentatives([]));
  }, [needsPicker]);
  const [rootCauses, setRootCauses] = useState<{ value: string; label: string }[]>([]);
  const needsCodes = outcomes.some((outcome) => outcome.fields.some((field) => field.kind === 'rootCause'));
  useEffect(() => {
    if (!needsCodes) return;
    api<{ lists: CodeLists }>('/api/coding/lists')
      .then((answer) =>
        setRootCauses(
          answer.lists.rootCauses
            .filter((entry) => entry.active)
            .map((entry) => ({ value: entry.code, label: entry.name })),
        ),
      )
      .catch(() => setRootCauses([]));
  }, [needsCodes]);
  const [suggestions, setSuggestions] = useState<Suggestions>({
    facilities: [],
    departments: [],
    categories: [],
  });
  const needsLists = outcomes.some((outcome) => outcome.fields.some((field) => field.list));
  useEffect(() => {
    if (!needsLists) return;
    api<Suggestions>('/api/lists')
      .then(setSuggestions)
      .catch(() => undefined);
  }, [needsLists]);
  const [values, setValues] = useState<Record<string, string | boolean>>(() => initialValues(step, view));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState('');
  const summary = useRef<HTMLDivElement>(null);
  const outcome = outcomes.find((candidate) => candidate.outcome === chosen);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    setMessage('');
    try {
      await api(`/api/tasks/${taskId}/complete`, { method: 'POST', body: toBody(outcome, values) });
      setMessage('Done. The case moves to its next step.');
      setValues({});
      setTimeout(onDone, 800);
    } catch (failure) {
      const error = failure as ApiError;
      setErrors(error.errors.length > 0 ? error.errors : [{ field: '', message: error.message }]);
      setTimeout(() => summary.current?.focus(), 0);
    }
  }

  const errorFor = (name: string) => errors.find((error) => error.field === name);
  return (
    <form onSubmit={submit} noValidate>
      {view.draftCheck && view.draftCheck.length > 0 && step === 'approval' && (
        <div className="notice">
          <p>The draft is missing elements the response must contain:</p>
          <ul>
            {view.draftCheck.map((item) => (
              <li key={item.message}>{item.message}</li>
            ))}
          </ul>
        </div>
      )}
      {errors.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <h3>There is a problem</h3>
          <ul>
            {errors.map((error) => (
              <li key={`${error.field}-${error.message}`}>{error.message}</li>
            ))}
          </ul>
        </div>
      )}
      <fieldset>
        <legend>What happened at this step?</legend>
        {outcomes.map((candidate) => (
          <div className="choice" key={candidate.outcome}>
            <input
              type="radio"
              id={`outcome-${candidate.outcome}`}
              name="outcome"
              value={candidate.outcome}
              checked={chosen === candidate.outcome}
              onChange={() => setChosen(candidate.outcome)}
            />
            <label htmlFor={`outcome-${candidate.outcome}`}>{candidate.label}</label>
          </div>
        ))}
      </fieldset>
      {outcome?.fields.map((field) => {
        const id = `field-${field.name.replace('.', '-')}`;
        const error = errorFor(field.name);
        const common = {
          id,
          'aria-invalid': error ? true : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        };
        const value = values[field.name];
        const set = (next: string | boolean) => setValues((current) => ({ ...current, [field.name]: next }));
        return (
          <div className="field" key={field.name}>
            {field.kind === 'checkbox' ? (
              <div className="choice">
                <input
                  type="checkbox"
                  {...common}
                  checked={value === true}
                  onChange={(event) => set(event.target.checked)}
                />
                <label htmlFor={id}>{field.label}</label>
              </div>
            ) : (
              <>
                <label htmlFor={id}>
                  {field.label}
                  {field.required ? '' : ' (optional)'}
                </label>
                {error && (
                  <p className="error" id={`${id}-error`}>
                    {error.message}
                  </p>
                )}
                {field.kind === 'textarea' ? (
                  <textarea
                    {...common}
                    rows={field.name === 'body' ? 24 : 6}
                    value={(value as string) ?? ''}
                    onChange={(event) => set(event.target.value)}
                  />
                ) : field.kind === 'select' ||
                  field.kind === 'representative' ||
                  field.kind === 'rootCause' ? (
                  <select
                    {...common}
                    value={(value as string) ?? ''}
                    onChange={(event) => set(event.target.value)}
                  >
                    <option value="">Choose...</option>
                    {(field.kind === 'representative'
                      ? representatives
                      : field.kind === 'rootCause'
                        ? rootCauses
                        : (field.options ?? []).map((option) => ({ value: option, label: option }))
                    ).map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <>
                    <input
                      {...common}
                      type={field.kind === 'date' ? 'date' : 'text'}
                      list={field.list ? `${id}-list` : undefined}
                      value={(value as string) ?? ''}
                      onChange={(event) => set(event.target.value)}
                    />
                    {field.list && (
                      <datalist id={`${id}-list`}>
                        {suggestions[field.list].map((option) => (
                          <option key={option} value={option} />
                        ))}
                      </datalist>
                    )}
                  </>
                )}
              </>
            )}
          </div>
        );
      })}
      <button type="submit">Complete step</button>
      <p aria-live="polite">{message}</p>
    </form>
  );
}
