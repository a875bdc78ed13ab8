// Reports (issue 15 §6): the CMS grievance log for a date range (on screen with its exceptions, CSV or XLSX for a
// surveyor), the committee pack by month (PDF), the KO41a-style return (CSV) and the draft regulation 18 annual
// report (PDF) by year. Each number links to the cases behind it (/console/reports/cases). Coordinators and
// managers; the server checks.
import { type FormEvent, useEffect, useState } from 'react';
import type { AnnualReport } from '../../../functions/core/reporting/annual-report';
import type { CaseBehind } from '../../../functions/core/reporting/cases-behind';
import type { CommitteePack } from '../../../functions/core/reporting/committee-pack';
import type { GrievanceLog } from '../../../functions/core/reporting/grievance-log';
import type { Ko41aReturn, ReturnLine } from '../../../functions/core/reporting/ko41a-return';
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
function CommitteePackSection({ go }: { go: Go }) {
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
  /** Each label's count, linked to the cases behind it. */
  const linked = (values: Record<string, number | string>, what: string) => {
    const entries = Object.entries(values);
    if (entries.length === 0) return 'none';
    return entries.map(([label, value], index) => (
      <span key={label}>
        {index > 0 && ', '}
        {label}{' '}
        <Count value={value} query={{ report: 'committee-pack', month, item: `${what}:${label}` }} go={go} />
      </span>
    ));
  };
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
            <Count
              value={pack.received}
              query={{ report: 'committee-pack', month, item: 'received' }}
              go={go}
            />{' '}
            ({linked(pack.byChannel, 'channel')}; {linked(pack.byType, 'type')})
          </dd>
          <dt>On time</dt>
          <dd>
            acknowledged {pack.compliance.acknowledge ?? '-'}%, answered {pack.compliance.respond ?? '-'}%,
            resolved {pack.compliance.resolve ?? '-'}%; {pack.breaches} breaches escalated
          </dd>
          <dt>Outcomes</dt>
          <dd>{linked(pack.outcomes, 'outcome')}</dd>
          <dt>Themes</dt>
          <dd>
            {linked(pack.byCategory, 'category')}; {linked(pack.byDepartment, 'department')}
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

type Go = (path: string) => void;

/** A number that opens the cases behind it. */
function Count({ value, query, go }: { value: number | string; query: Record<string, string>; go: Go }) {
  if (typeof value !== 'number' || value === 0) return <>{value}</>;
  const href = `/console/reports/cases?${new URLSearchParams(query)}`;
  return (
    <a
      href={href}
      onClick={(event) => {
        event.preventDefault();
        go(href);
      }}
    >
      {value}
    </a>
  );
}

/** The reporting year that ended most recently, or is under way before its first April: 2025 for 2025-26. */
function lastYear(): string {
  const now = new Date();
  return String(now.getMonth() >= 3 ? now.getFullYear() - 1 : now.getFullYear() - 2);
}

function failed(failure: unknown, fallback: string): string {
  if (!(failure instanceof ApiError)) return fallback;
  const named = failure.errors.slice(0, 10).map((error) => `${error.field}: ${error.message}`);
  return [failure.message, ...named].join(' ');
}

/** The KO41a-style return for a year: the summary and each breakdown, the checks, the CSV. */
function Ko41aSection({ go }: { go: Go }) {
  const [year, setYear] = useState(lastYear());
  const [report, setReport] = useState<Ko41aReturn | undefined>();
  const [error, setError] = useState('');
  function show(event: FormEvent) {
    event.preventDefault();
    setError('');
    setReport(undefined);
    api<Ko41aReturn>(`/api/reports/ko41a?${new URLSearchParams({ year })}`)
      .then(setReport)
      .catch((failure) => setError(failed(failure, 'The return failed.')));
  }
  const item = (value: string) => ({ report: 'ko41a', year, item: value });
  const lines = (title: string, what: string, entries: ReturnLine[]) => (
    <table>
      <caption>{title}</caption>
      <tbody>
        {entries.map((line) => (
          <tr key={line.code}>
            <th scope="row">{line.name}</th>
            <td>
              <Count value={line.count} query={item(`${what}:${line.code}`)} go={go} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section aria-labelledby="ko41a-heading">
      <h2 id="ko41a-heading">KO41a return (NHS England)</h2>
      <form onSubmit={show} className="inline" aria-label="KO41a year">
        <label htmlFor="ko41a-year">Return year (from 1 April)</label>
        <input
          id="ko41a-year"
          inputMode="numeric"
          value={year}
          onChange={(event) => setYear(event.target.value)}
        />
        <button type="submit">Show the return</button>
        <button
          type="button"
          onClick={() =>
            saveFile(
              `/api/reports/ko41a?${new URLSearchParams({ year, format: 'csv' })}`,
              `ko41a-${year}.csv`,
            ).catch((failure) => setError(failed(failure, 'The download failed.')))
          }
        >
          Download the return (CSV)
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {report && (
        <>
          <p>
            {report.organisation}, {report.firstDay} to {report.lastDay}. Lists: {report.listsSource} (version{' '}
            {report.listsVersion}).
          </p>
          <dl className="summary">
            {(
              [
                ['broughtForward', 'Brought forward'],
                ['received', 'New complaints'],
                ['upheld', 'Upheld'],
                ['partlyUpheld', 'Partially upheld'],
                ['notUpheld', 'Not upheld'],
                ['closedOtherwise', 'Closed otherwise (withdrawn)'],
                ['carriedForward', 'Carried forward'],
              ] as const
            ).map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd>
                  <Count value={report.summary[key]} query={item(`summary:${key}`)} go={go} />
                </dd>
              </div>
            ))}
          </dl>
          {lines('Age of patient', 'ageBand', report.byAgeBand)}
          {lines('Status of complainant', 'status', report.byStatus)}
          {lines('Service area', 'serviceArea', report.byServiceArea)}
          {lines('Subject area', 'subject', report.bySubject)}
          {lines('Profession or staff group', 'profession', report.byProfession)}
          <ul aria-label="Checks">
            {report.checks.map((check) => (
              <li key={check.rule}>
                {check.passed ? 'Passed' : 'FAILED'}: {check.rule}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The draft regulation 18 annual report: the figures with their cases, the PDF to edit and publish. */
function AnnualSection({ go }: { go: Go }) {
  const [year, setYear] = useState(lastYear());
  const [report, setReport] = useState<AnnualReport | undefined>();
  const [error, setError] = useState('');
  function show(event: FormEvent) {
    event.preventDefault();
    setError('');
    api<AnnualReport>(`/api/reports/annual?${new URLSearchParams({ year })}`)
      .then(setReport)
      .catch((failure) => setError(failed(failure, 'The report failed.')));
  }
  const item = (value: string) => ({ report: 'annual', year, item: value });
  return (
    <section aria-labelledby="annual-heading">
      <h2 id="annual-heading">Annual report (regulation 18)</h2>
      <form onSubmit={show} className="inline" aria-label="Annual report year">
        <label htmlFor="annual-year">Annual report year (from 1 April)</label>
        <input
          id="annual-year"
          inputMode="numeric"
          value={year}
          onChange={(event) => setYear(event.target.value)}
        />
        <button type="submit">Show the draft</button>
        <button
          type="button"
          onClick={() =>
            saveFile(
              `/api/reports/annual?${new URLSearchParams({ year, format: 'pdf' })}`,
              `annual-report-${year}.pdf`,
            ).catch((failure) => setError(failed(failure, 'The download failed.')))
          }
        >
          Download the draft (PDF)
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {report && (
        <dl className="summary">
          <dt>Complaints received</dt>
          <dd>
            <Count value={report.received} query={item('summary:received')} go={go} />
          </dd>
          <dt>Decided well-founded</dt>
          <dd>
            <Count value={report.wellFounded} query={item('summary:wellFounded')} go={go} /> of{' '}
            <Count value={report.decided} query={item('summary:decided')} go={go} /> decided
          </dd>
          <dt>Referred to the Ombudsman</dt>
          <dd>{report.referredToOmbudsman}</dd>
          <dt>Subjects</dt>
          <dd>
            {report.subjects.map((theme, index) => (
              <span key={theme.code}>
                {index > 0 && ', '}
                {theme.name} <Count value={theme.count} query={item(`subject:${theme.code}`)} go={go} />
              </span>
            ))}
          </dd>
          <dt>Themes (HCAT)</dt>
          <dd>
            {report.matters.hcat.map((theme, index) => (
              <span key={theme.code}>
                {index > 0 && ', '}
                {theme.name} <Count value={theme.count} query={item(`hcat:${theme.code}`)} go={go} /> (
                <Count value={theme.high} query={item(`hcat-high:${theme.code}`)} go={go} /> high)
              </span>
            ))}
          </dd>
          <dt>Moderate harm or worse</dt>
          <dd>
            <Count value={report.matters.seriousHarm} query={item('serious-harm')} go={go} />
          </dd>
          <dt>Actions</dt>
          <dd>
            {report.actions.done.length} done in the year, {report.actions.open.length} open
          </dd>
        </dl>
      )}
    </section>
  );
}

/** The cases behind one number of a report: each links to its case. */
export function ReportCases({ query, open }: { query: string; open: (caseId: string) => void }) {
  const [found, setFound] = useState<{ cases: CaseBehind[]; count: number } | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ cases: CaseBehind[]; count: number }>(`/api/reports/cases?${query}`)
      .then(setFound)
      .catch((failure) => setError(failed(failure, 'The cases failed to load.')));
  }, [query]);
  const params = new URLSearchParams(query);
  return (
    <main>
      <h1>
        Cases behind {params.get('item')} ({params.get('report')}{' '}
        {params.get('year') ?? params.get('month') ?? ''})
      </h1>
      {error && <p role="alert">{error}</p>}
      {found && (
        <table>
          <caption>
            {found.count} {found.count === 1 ? 'case' : 'cases'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Received</th>
              <th scope="col">Type</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {found.cases.map((each) => (
              <tr key={each.caseId}>
                <th scope="row">
                  <a
                    href={`/console/cases/${each.caseId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      open(each.caseId);
                    }}
                  >
                    {each.reference}
                  </a>
                </th>
                <td>{day(each.receivedAt)}</td>
                <td>{each.type}</td>
                <td>{each.outcome ?? 'open'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export function Reports({ go }: { go: Go }) {
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
            <Count
              value={log.rows.length}
              query={{ report: 'grievance-log', from, to, item: 'all' }}
              go={go}
            />{' '}
            {log.rows.length === 1 ? 'grievance' : 'grievances'} received. Exceptions:{' '}
            {Object.entries(log.exceptions).map(([name, count], index) => (
              <span key={name}>
                {index > 0 && '; '}
                <Count
                  value={count}
                  query={{ report: 'grievance-log', from, to, item: `exception:${name}` }}
                  go={go}
                />{' '}
                {EXCEPTION_TEXT[name] ?? name}
              </span>
            ))}
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
      <CommitteePackSection go={go} />
      <Ko41aSection go={go} />
      <AnnualSection go={go} />
    </main>
  );
}
