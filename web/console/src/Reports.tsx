// Reports (issue 15 §6): the CMS grievance log for a date range, on screen with its exceptions, and as CSV or
// XLSX to hand to a surveyor. Each row links to its case. Coordinators and managers; the server checks.
import { type FormEvent, useState } from 'react';
import type { CommitteePack } from '../../../functions/core/reporting/committee-pack';
import type { GrievanceLog } from '../../../functions/core/reporting/grievance-log';
import { ApiError, api, saveFile } from './api';

function day(iso?: string): string {
  return iso ? new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso)) : '';
}

function monthStart(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
}

function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

const EXCEPTION_TEXT: Record<string, string> = {
  'no-written-response': 'closed with no written response',
  'element-missing': 'the letter lacks an element of A-0123',
  'late-without-interim': 'past the response time with no interim letter',
};

/** The committee pack for a month: the numbers on screen, the PDF to circulate. */
function CommitteePackSection() {
  const [month, setMonth] = useState(monthStart().slice(0, 7));
  const [suppress, setSuppress] = useState(false);
  const [pack, setPack] = useState<CommitteePack | undefined>();
  const [error, setError] = useState('');
  const query = (format: string) =>
    `/api/reports/committee-pack?${new URLSearchParams({ month, format, suppressSmall: String(suppress) })}`;
  function show(event: FormEvent) {
    event.preventDefault();
    setError('');
    api<CommitteePack>(query('json'))
      .then(setPack)
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The report failed.'));
  }
  const rows = (values: Record<string, unknown>) =>
    Object.entries(values)
      .map(([label, value]) => `${label} ${value}`)
      .join(', ') || 'none';
  return (
    <section aria-labelledby="pack-heading">
      <h2 id="pack-heading">Committee pack</h2>
      <form onSubmit={show} className="inline" aria-label="Committee pack month">
        <label htmlFor="pack-month">Month</label>
        <input
          id="pack-month"
          type="month"
          value={month}
          onChange={(event) => setMonth(event.target.value)}
        />
        <input
          id="pack-suppress"
          type="checkbox"
          checked={suppress}
          onChange={(event) => setSuppress(event.target.checked)}
        />
        <label htmlFor="pack-suppress">For publication: show counts under 5 as "fewer than 5"</label>
        <button type="submit">Show the pack</button>
        <button
          type="button"
          onClick={() =>
            saveFile(query('pdf'), `committee-pack-${month}.pdf`).catch((failure) =>
              setError(failure instanceof ApiError ? failure.message : 'The download failed.'),
            )
          }
        >
          Download PDF
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {pack && (
        <dl className="summary">
          <dt>Received</dt>
          <dd>
            {pack.received} ({rows(pack.byChannel)}; {rows(pack.byType)})
          </dd>
          <dt>On time</dt>
          <dd>
            acknowledged {pack.compliance.acknowledge ?? '-'}%, answered {pack.compliance.respond ?? '-'}%,
            resolved {pack.compliance.resolve ?? '-'}%; {pack.breaches} breaches escalated
          </dd>
          <dt>Outcomes</dt>
          <dd>{rows(pack.outcomes)}</dd>
          <dt>Themes</dt>
          <dd>
            {rows(pack.byCategory)}; {rows(pack.byDepartment)}
          </dd>
          <dt>Survey</dt>
          <dd>
            {pack.survey.responses} answers, mean {pack.survey.averageScore ?? '-'} out of 5
          </dd>
          <dt>Taken further</dt>
          <dd>{rows(pack.secondStage)}</dd>
          <dt>Learning actions</dt>
          <dd>
            {pack.actions.open} open, {pack.actions.overdue.length} overdue, {pack.actions.doneThisMonth} done
            this month
          </dd>
        </dl>
      )}
    </section>
  );
}

export function Reports() {
  const [from, setFrom] = useState(monthStart());
  const [to, setTo] = useState(today());
  const [log, setLog] = useState<GrievanceLog | undefined>();
  const [error, setError] = useState('');
  const query = (format: string) => `/api/reports/grievance-log?${new URLSearchParams({ from, to, format })}`;
  function show(event: FormEvent) {
    event.preventDefault();
    setError('');
    api<GrievanceLog>(query('json'))
      .then(setLog)
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The report failed.'));
  }
  const download = (format: 'csv' | 'xlsx') =>
    saveFile(query(format), `grievance-log-${from}-to-${to}.${format}`).catch((failure) =>
      setError(failure instanceof ApiError ? failure.message : 'The download failed.'),
    );
  return (
    <main>
      <h1>Reports</h1>
      <h2>Grievance log (42 CFR 482.13(a)(2))</h2>
      <form onSubmit={show} className="inline" aria-label="Grievance log dates">
        <label htmlFor="log-from">Received from</label>
        <input id="log-from" type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
        <label htmlFor="log-to">to</label>
        <input id="log-to" type="date" value={to} onChange={(event) => setTo(event.target.value)} />
        <button type="submit">Show the log</button>
        <button type="button" onClick={() => download('csv')}>
          Download CSV
        </button>
        <button type="button" onClick={() => download('xlsx')}>
          Download XLSX
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {log && (
        <>
          <p aria-live="polite">
            {log.rows.length} {log.rows.length === 1 ? 'grievance' : 'grievances'} received. Exceptions:{' '}
            {Object.entries(log.exceptions)
              .map(([name, count]) => `${count} ${EXCEPTION_TEXT[name] ?? name}`)
              .join('; ')}
            .
          </p>
          <table>
            <caption>
              Grievances received from {log.from} to {log.to}
            </caption>
            <thead>
              <tr>
                <th scope="col">Case</th>
                <th scope="col">Received</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">Interim letter</th>
                <th scope="col">Written response</th>
                <th scope="col">Days</th>
                <th scope="col">On time</th>
                <th scope="col">Elements</th>
                <th scope="col">Exceptions</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((row) => (
                <tr key={row.caseId}>
                  <th scope="row">
                    <a href={`/console/cases/${row.caseId}`}>{row.reference}</a>
                  </th>
                  <td>
                    {day(row.receivedAt)} by {row.channel}
                  </td>
                  <td>{day(row.acknowledgedAt)}</td>
                  <td>{day(row.interimLetterAt)}</td>
                  <td>{row.responseAt ? `${day(row.responseAt)} by ${row.responseChannel}` : 'not yet'}</td>
                  <td>{row.daysToResponse ?? ''}</td>
                  <td>{row.onTime === undefined ? '' : row.onTime ? 'yes' : 'no'}</td>
                  <td>
                    {row.elementsPresent === undefined ? '' : row.elementsPresent ? 'all four' : 'missing'}
                  </td>
                  <td>{row.exceptions.map((name) => EXCEPTION_TEXT[name] ?? name).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <CommitteePackSection />
    </main>
  );
}
