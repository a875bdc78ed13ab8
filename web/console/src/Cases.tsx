// Cases: filters that map onto the API's index queries (stage, assignee, breached) and search by reference.
import { type FormEvent, useEffect, useState } from 'react';
import { CASE_STAGES } from '../../../functions/core/case/case';
import type { CaseSummary } from '../../../functions/core/console/console-queries';
import { type ApiError, api } from './api';

/** Every stage the API filters on; empty means any open stage. */
const STAGES = ['', ...CASE_STAGES];

export function Cases({ open }: { open: (idOrReference: string) => void }) {
  const [stage, setStage] = useState('');
  const [breached, setBreached] = useState(false);
  const [assignee, setAssignee] = useState('');
  const [cases, setCases] = useState<CaseSummary[] | undefined>();
  const [error, setError] = useState('');
  const [reference, setReference] = useState('');

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

  function search(event: FormEvent) {
    event.preventDefault();
    const wanted = reference.trim().toUpperCase();
    if (/^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(wanted)) open(wanted);
    else setError('Enter a reference like PR-2026-000123.');
  }

  return (
    <main>
      <h1>Cases</h1>
      <form onSubmit={search} className="inline">
        <label htmlFor="reference-search">Find a case by reference</label>
        <input
          id="reference-search"
          type="text"
          value={reference}
          onChange={(event) => setReference(event.target.value)}
        />
        <button type="submit">Find</button>
      </form>
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
        <label htmlFor="filter-assignee">Assignee (staff id)</label>
        <input
          id="filter-assignee"
          type="text"
          value={assignee}
          onChange={(event) => setAssignee(event.target.value)}
        />
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
      {cases && (
        <table>
          <caption className="visually-hidden">Cases, soonest due first</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Stage</th>
              <th scope="col">Type</th>
              <th scope="col">Priority</th>
              <th scope="col">Assignee</th>
              <th scope="col">SLA</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((item) => (
              <tr key={item.caseId}>
                <td>
                  <a
                    href={`/console/cases/${item.caseId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      open(item.caseId);
                    }}
                  >
                    {item.reference}
                  </a>
                </td>
                <td>{item.stage}</td>
                <td>{item.type}</td>
                <td>{item.priority}</td>
                <td>{item.assignee ?? '-'}</td>
                <td>
                  <span className={`badge sla-${item.sla}`}>{item.sla}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
        email: values.email ?? '',
        ...(values.phone ? { phone: values.phone } : {}),
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
        {text('email', "Complainant's email", 'email')}
        {text('phone', "Complainant's phone (optional)", 'tel')}
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
