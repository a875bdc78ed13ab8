// Cases: filters that map onto the API's index queries (stage, assignee by name, breached), sortable columns.
// Finding a person or a reference is the header's search box (Search.tsx).
import { type FormEvent, useEffect, useState } from 'react';
import { CASE_STAGES } from '../../../functions/core/case/case';
import type { CaseSummary } from '../../../functions/core/console/console-queries';
import type { StaffChoice } from '../../../functions/core/console/staff-list';
import { type ApiError, api } from './api';
import { type Column, SLA_ORDER, SortableTable } from './SortableTable';

/** Every stage the API filters on; empty means any open stage. */
const STAGES = ['', ...CASE_STAGES];

function due(iso?: string): string {
  if (!iso) return '-';
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function Cases({
  open,
  initialAssignee = '',
  initialStage = '',
  initialBreached = false,
}: {
  open: (idOrReference: string) => void;
  /** One person's caseload (the Team page links here with ?assignee=). */
  initialAssignee?: string;
  /** The cases behind a dashboard number (?stage=, ?breached=true). */
  initialStage?: string;
  initialBreached?: boolean;
}) {
  const [stage, setStage] = useState(initialStage);
  const [breached, setBreached] = useState(initialBreached);
  const [assignee, setAssignee] = useState(initialAssignee);
  const [staff, setStaff] = useState<StaffChoice[]>([]);
  const [cases, setCases] = useState<CaseSummary[] | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    // Coordinators and managers filter by person; a representative sees their own cases only (403 here).
    api<{ staff: StaffChoice[] }>('/api/staff')
      .then((answer) => setStaff(answer.staff))
      .catch(() => setStaff([]));
  }, []);
  useEffect(() => {
    const query = new URLSearchParams();
    if (stage) query.set('stage', stage);
    if (breached) query.set('breached', 'true');
    if (assignee) query.set('assignee', assignee);
    setError('');
    api<{ cases: CaseSummary[] }>(`/api/cases?${query}`)
      .then((page) => setCases(page.cases))
      .catch((failure: ApiError) => setError(failure.message));
  }, [stage, breached, assignee]);

  const link = (item: CaseSummary) => (
    <a
      href={`/console/cases/${item.caseId}`}
      onClick={(event) => {
        event.preventDefault();
        open(item.caseId);
      }}
    >
      {item.reference}
    </a>
  );
  const columns: Column<CaseSummary>[] = [
    { key: 'reference', label: 'Case', value: (item) => item.reference, render: link },
    {
      key: 'complainant',
      label: 'Complainant',
      value: (item) => item.complainant,
      render: (item) => item.complainant,
    },
    {
      key: 'type',
      label: 'Type',
      value: (item) => `${item.type} ${item.priority}`,
      render: (item) => `${item.type} (${item.priority})`,
    },
    {
      key: 'step',
      label: 'Step',
      value: (item) => item.step ?? item.stage,
      render: (item) => item.step ?? item.stage,
    },
    {
      key: 'assignee',
      label: 'Assignee',
      value: (item) => item.assignee ?? '',
      render: (item) => item.assignee ?? 'Not assigned',
    },
    { key: 'due', label: 'Due', value: (item) => item.dueAt ?? '9999', render: (item) => due(item.dueAt) },
    {
      key: 'sla',
      label: 'SLA',
      value: (item) => SLA_ORDER[item.sla] ?? 9,
      render: (item) => <span className={`badge sla-${item.sla}`}>{item.sla}</span>,
    },
  ];

  return (
    <main>
      <h1>Cases</h1>
      <fieldset className="filters">
        <legend>Filter</legend>
        <label htmlFor="filter-stage">Stage</label>
        <select id="filter-stage" value={stage} onChange={(event) => setStage(event.target.value)}>
          {STAGES.map((value) => (
            <option key={value} value={value}>
              {value || 'All open stages'}
            </option>
          ))}
        </select>
        {staff.length > 0 && (
          <>
            <label htmlFor="filter-assignee">Assignee</label>
            <select
              id="filter-assignee"
              value={assignee}
              onChange={(event) => setAssignee(event.target.value)}
            >
              <option value="">Anyone</option>
              {staff.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name} ({member.openTasks} open)
                </option>
              ))}
            </select>
          </>
        )}
        <div className="choice">
          <input
            id="filter-breached"
            type="checkbox"
            checked={breached}
            onChange={(event) => setBreached(event.target.checked)}
          />
          <label htmlFor="filter-breached">Breached only</label>
        </div>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {cases && cases.length === 0 && <p>No cases match these filters.</p>}
      {cases && cases.length > 0 && (
        <SortableTable
          caption="Cases"
          columns={columns}
          rows={cases}
          rowKey={(item) => item.caseId}
          initialSort="due"
        />
      )}
    </main>
  );
}

/** A coordinator records a phone call, walk-in or letter as a new case (the same intake rules as the web). */
export function NewCase({ open }: { open: (caseId: string) => void }) {
  const [values, setValues] = useState<Record<string, string>>({
    channel: 'phone',
    relationship: 'self',
    contactPreference: 'phone',
  });
  const [resolved, setResolved] = useState(false);
  const [errors, setErrors] = useState<{ field: string; message: string }[]>([]);
  const set = (name: string) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors([]);
    const complaint = {
      complainant: {
        name: values.name ?? '',
        ...(values.email ? { email: values.email } : {}),
        ...(values.phone ? { phone: values.phone } : {}),
        ...(values.line1 || values.city || values.postalCode
          ? {
              address: {
                line1: values.line1 ?? '',
                city: values.city ?? '',
                postalCode: values.postalCode ?? '',
              },
            }
          : {}),
        relationship: values.relationship,
      },
      ...(values.relationship !== 'self' && values.patient ? { patient: { name: values.patient } } : {}),
      description: values.description ?? '',
      contactPreference: values.contactPreference,
    };
    try {
      const created = await api<{ caseId: string }>('/api/cases', {
        method: 'POST',
        body: { complaint, channel: values.channel, resolvedAtFirstContact: resolved },
      });
      open(created.caseId);
    } catch (failure) {
      const error = failure as ApiError;
      setErrors(error.errors.length > 0 ? error.errors : [{ field: '', message: error.message }]);
    }
  }

  const text = (name: string, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`new-${name}`}>{label}</label>
      <input id={`new-${name}`} type={type} value={values[name] ?? ''} onChange={set(name)} />
    </div>
  );
  return (
    <main className="narrow">
      <h1>New case</h1>
      {errors.length > 0 && (
        <div className="error-summary" role="alert">
          <h2>There is a problem</h2>
          <ul>
            {errors.map((error) => (
              <li key={`${error.field}-${error.message}`}>
                {error.field ? `${error.field}: ` : ''}
                {error.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="new-channel">How did it reach us?</label>
          <select id="new-channel" value={values.channel} onChange={set('channel')}>
            <option value="phone">Phone</option>
            <option value="walk-in">Walk-in</option>
            <option value="letter">Letter</option>
          </select>
        </div>
        {text('name', "Complainant's name")}
        <p className="hint">Give at least one way to reach them: email, phone or a postal address.</p>
        {text('email', "Complainant's email (optional)", 'email')}
        {text('phone', "Complainant's phone (optional)", 'tel')}
        {text('line1', 'Address line 1 (optional)')}
        {text('city', 'Town or city')}
        {text('postalCode', 'Postal code')}
        <div className="field">
          <label htmlFor="new-relationship">The complainant is</label>
          <select id="new-relationship" value={values.relationship} onChange={set('relationship')}>
            <option value="self">the patient</option>
            <option value="family">family</option>
            <option value="representative">a representative</option>
            <option value="other">someone else</option>
          </select>
        </div>
        {values.relationship !== 'self' && text('patient', "Patient's name")}
        <div className="field">
          <label htmlFor="new-description">What they told us</label>
          <textarea
            id="new-description"
            rows={6}
            value={values.description ?? ''}
            onChange={set('description')}
          />
        </div>
        <div className="field">
          <label htmlFor="new-contact">How they want us to reply</label>
          <select id="new-contact" value={values.contactPreference} onChange={set('contactPreference')}>
            <option value="phone">Phone</option>
            <option value="email">Email</option>
            <option value="letter">Letter</option>
          </select>
        </div>
        <div className="choice">
          <input
            id="new-resolved"
            type="checkbox"
            checked={resolved}
            onChange={(event) => setResolved(event.target.checked)}
          />
          <label htmlFor="new-resolved">Resolved there and then (a complaint, not a grievance)</label>
        </div>
        <button type="submit">Open the case</button>
      </form>
    </main>
  );
}
