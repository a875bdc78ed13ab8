// Reports (issue 15 §6): the CMS grievance log for a date range, on screen with its exceptions, and as CSV or
// XLSX to hand to a surveyor. Each row links to its case. Coordinators and managers; the server checks.
import { type FormEvent, useState } from 'react';
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
    </main>
  );
}
