// The coordinator console: sign in, "My tasks", and the case page with the form for the current step.
// Complaint text and email bodies render as text (React escapes them); nothing here uses innerHTML.

import { useCallback, useEffect, useState } from 'react';
import type { CaseView, TaskView } from '../../../functions/core/console/console-queries';
import { TRACK_OF_TYPE, TRACK_RULES, trackOf } from '../../../functions/core/review/tracks';
import { type ApiError, api, onSessionChange, signedIn, signOut, takeSignInNotice } from './api';
import { CaseActions } from './CaseActions';
import { Cases, NewCase } from './Cases';
import { CodeListsPage } from './Coding';
import { Compose } from './Compose';
import { DashboardPage } from './Dashboard';
import { safeEmailHtml } from './email-html';
import { HeldMail } from './HeldMail';
import { Learning } from './Learning';
import { Letters } from './Letters';
import { Lists } from './Lists';
import { ReportCases, Reports } from './Reports';
import { SearchBox, SearchResults } from './Search';
import { type Column, SLA_ORDER, SortableTable } from './SortableTable';
import { StepForm } from './StepForm';
import { startSignIn } from './sign-in';
import { Team } from './Team';
import { TemplatesPage } from './Templates';
import { WorkflowMap } from './WorkflowMap';

const SLA_TEXT: Record<TaskView['sla'], string> = {
  'on-track': 'On track',
  'due-soon': 'Due soon',
  breached: 'Breached',
  'no-deadline': 'No deadline',
};

function when(iso?: string): string {
  if (!iso) return '-';
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function usePath(): [string, (path: string) => void] {
  // The path with its query (a search's q), so a new search is a new location.
  const [path, setPath] = useState(window.location.pathname + window.location.search);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname + window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: string) => {
    window.history.pushState({}, '', next);
    setPath(next);
  }, []);
  return [path, go];
}

function SignIn() {
  const [notice] = useState(takeSignInNotice);
  const [error, setError] = useState('');
  return (
    <main className="narrow">
      <h1>Sign in to Liaison</h1>
      {notice && <p className="notice">{notice}</p>}
      <p>Sign in with your hospital account to see your tasks and cases.</p>
      <button
        type="button"
        onClick={() =>
          startSignIn(window.location.pathname).catch(() =>
            setError('Sign-in is not available right now. Please try again in a minute.'),
          )
        }
      >
        Sign in
      </button>
      <p role="alert" className="error">
        {error}
      </p>
    </main>
  );
}

function taskColumns(open: (caseId: string) => void): Column<TaskView>[] {
  return [
    {
      key: 'case',
      label: 'Case',
      value: (task) => task.reference,
      render: (task) => (
        <a
          href={`/console/cases/${task.caseId}`}
          onClick={(event) => {
            event.preventDefault();
            open(task.caseId);
          }}
        >
          {task.reference}
        </a>
      ),
    },
    {
      key: 'complainant',
      label: 'Complainant',
      value: (task) => task.complainant ?? '',
      render: (task) => task.complainant ?? '-',
    },
    { key: 'type', label: 'Type', value: (task) => task.type ?? '', render: (task) => task.type ?? '-' },
    { key: 'step', label: 'Step', value: (task) => task.label, render: (task) => task.label },
    {
      key: 'assignee',
      label: 'Assignee',
      value: (task) => task.assignee ?? '',
      render: (task) => (task.queue === 'coordinator' ? 'Coordinators' : (task.assignee ?? 'Not assigned')),
    },
    { key: 'due', label: 'Due', value: (task) => task.dueAt ?? '9999', render: (task) => when(task.dueAt) },
    {
      key: 'sla',
      label: 'SLA',
      value: (task) => SLA_ORDER[task.sla] ?? 9,
      render: (task) => <span className={`badge sla-${task.sla}`}>{SLA_TEXT[task.sla]}</span>,
    },
  ];
}

function TaskQueue({ open }: { open: (caseId: string) => void }) {
  const [tasks, setTasks] = useState<TaskView[] | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ tasks: TaskView[] }>('/api/tasks')
      .then((result) => setTasks(result.tasks))
      .catch((failure: ApiError) => setError(failure.message));
  }, []);
  return (
    <main>
      <h1>My tasks</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!tasks && !error && <p aria-live="polite">Loading...</p>}
      {tasks && tasks.length === 0 && <p>No open tasks. Well done.</p>}
      {tasks && tasks.length > 0 && (
        <SortableTable
          caption="Open steps"
          columns={taskColumns(open)}
          rows={tasks}
          rowKey={(task) => task.taskId}
          initialSort="due"
        />
      )}
    </main>
  );
}

/**
 * The sender's formatting, on request: sanitized here (email-html.ts) and shown in a sandboxed frame (no scripts,
 * forms or same-origin access). The frame exists only while shown.
 */
function FormattedEmail({ html, subject }: { html: string; subject: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div>
      <button type="button" className="link dark" aria-expanded={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide the formatted email' : 'Show the email as formatted by the sender'}
      </button>
      {shown && (
        <iframe
          className="email-frame"
          sandbox=""
          srcDoc={safeEmailHtml(html)}
          title={`Formatted email: ${subject}`}
        />
      )}
    </div>
  );
}

/** Someone else's message (a clinician, another relative) shows on the complainant's status page only if shared. */
function ShareToggle({
  caseId,
  correspondenceId,
  shared,
  onDone,
}: {
  caseId: string;
  correspondenceId: string;
  shared: boolean;
  onDone: () => void;
}) {
  const [error, setError] = useState('');
  return (
    <p>
      <button
        type="button"
        className="link dark"
        onClick={() =>
          api(`/api/cases/${caseId}/messages/${correspondenceId}/share`, {
            method: 'POST',
            body: { shared: !shared },
          })
            .then(onDone)
            .catch((failure: ApiError) => setError(failure.message))
        }
      >
        {shared
          ? 'Stop showing this on the status page'
          : 'Share this with the complainant on the status page'}
      </button>
      {error && (
        <span role="alert" className="error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

/** Attachments download through a 5-minute link; they are never opened inside the console. */
async function download(caseId: string, attachmentId: string) {
  const { url } = await api<{ url: string }>(`/api/cases/${caseId}/attachments/${attachmentId}`);
  window.location.assign(url);
}

function CasePage({ caseId }: { caseId: string }) {
  const [view, setView] = useState<CaseView | undefined>();
  const [error, setError] = useState('');
  const load = useCallback(() => {
    api<CaseView>(`/api/cases/${encodeURIComponent(caseId)}`)
      .then(setView)
      .catch((failure: ApiError) => setError(failure.message));
  }, [caseId]);
  useEffect(load, [load]);
  // Between steps the workflow is opening the next one (or sending): look again shortly.
  const between =
    view !== undefined && !view.currentStep && !['closed', 'withdrawn'].includes(view.case.stage);
  useEffect(() => {
    if (!between || !view) return;
    const timer = setTimeout(load, 1500);
    return () => clearTimeout(timer);
  }, [between, view, load]);
  if (error) {
    return (
      <main>
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    );
  }
  if (!view) return <main aria-live="polite">Loading...</main>;
  const record = view.case;
  return (
    <main>
      <h1>Case {record.reference}</h1>
      {record.needsAttention && (
        <p className="notice" role="status">
          Needs attention: the workflow stopped ({record.needsAttention.error}). Check the case and continue
          it by hand.
        </p>
      )}
      {record.autoReply?.suppressed && !record.acknowledgement && (
        <p className="notice" role="status">
          No automatic acknowledgement was sent: {record.autoReply.reason} Acknowledge the complainant another
          way (phone, letter or a message below) before the acknowledgement deadline.
        </p>
      )}
      {view.timeLimit.state === 'late' && (
        <p className="notice" role="status">
          Made after the time limit for complaining, which ended on {view.timeLimit.limitEnds} (
          {view.timeLimit.source}).{' '}
          {view.timeLimit.discretion
            ? 'It can still be considered where there was good reason: decide at triage and tell the complainant.'
            : 'Tell the complainant in writing what this means; never refuse it silently.'}
        </p>
      )}
      {view.timeLimit.state === 'unknown' && view.currentStep?.step === 'triage' && (
        <p className="notice" role="status">
          No incident date was given: check the time limit for complaining ({view.timeLimit.source}).
        </p>
      )}
      <WorkflowMap current={view.currentStep?.step} stage={record.stage} track={trackOf(record)} />
      {/* The summary and deadlines beside the current step: what a coordinator reads together. */}
      <div className="case-layout">
        <aside aria-label="Summary and deadlines">
          <dl className="summary">
            <dt>Stage</dt>
            <dd>{record.stage}</dd>
            <dt>Type</dt>
            <dd>
              {record.triage?.type ?? record.classification.kind} (
              {record.triage?.priority ?? record.classification.priority})
            </dd>
            {record.triage && (
              <>
                <dt>Track</dt>
                <dd>
                  {TRACK_RULES[TRACK_OF_TYPE[record.triage.type]].label}
                  {record.triage.department ? ` · ${record.triage.department}` : ''}
                </dd>
              </>
            )}
            {(record.trackMoves ?? []).map((move) => (
              <div key={move.at}>
                <dt>Moved from {move.from}</dt>
                <dd>
                  {when(move.at)}: {move.reason}
                </dd>
              </div>
            ))}
            {(record.secondStages ?? []).map((stage) => (
              <div key={stage.secondStageId}>
                <dt>Taken further</dt>
                <dd>
                  {view.secondStageBodies.find((body) => body.id === stage.body)?.name ?? stage.body} on{' '}
                  {stage.referredOn}
                  {stage.theirReference ? ` (${stage.theirReference})` : ''}: {stage.outcome}
                  {stage.decidedOn ? ` on ${stage.decidedOn}` : ''}
                </dd>
              </div>
            ))}
            {record.survey && (
              <>
                <dt>Survey</dt>
                <dd>
                  {record.survey.score} out of 5{record.survey.comment ? `: ${record.survey.comment}` : ''}
                </dd>
              </>
            )}
            {record.trackResult && (
              <>
                <dt>Result</dt>
                <dd>
                  {record.trackResult.result}
                  {record.trackResult.passedTo ? ` (${record.trackResult.passedTo})` : ''}:{' '}
                  {record.trackResult.summary}
                </dd>
              </>
            )}
            <dt>Received</dt>
            <dd>
              {when(record.receivedAt)} by {record.channel}
            </dd>
            <dt>Complainant</dt>
            <dd>
              {record.complaint.complainant.name}
              {[
                record.complaint.complainant.email,
                record.complaint.complainant.phone,
                record.complaint.complainant.address &&
                  [
                    record.complaint.complainant.address.line1,
                    record.complaint.complainant.address.city,
                    record.complaint.complainant.address.postalCode,
                  ].join(', '),
              ]
                .filter(Boolean)
                .map((contact) => ` · ${contact}`)}{' '}
              (prefers {record.complaint.contactPreference})
            </dd>
            {record.complaint.patient && (
              <>
                <dt>Patient</dt>
                <dd>
                  {record.complaint.patient.name}
                  {record.complaint.patient.dateOfBirth && ` · born ${record.complaint.patient.dateOfBirth}`}
                  {record.complaint.patient.mrn && ` · MRN ${record.complaint.patient.mrn}`}
                </dd>
              </>
            )}
            {record.complaint.complainant.relationship !== 'self' && (
              <>
                <dt>Acting for the patient</dt>
                <dd>
                  {record.authority?.status ?? 'pending'}
                  {record.authority?.basis ? ` (${record.authority.basis})` : ''}
                </dd>
              </>
            )}
            <dt>Assignee</dt>
            <dd>{record.assignee?.name ?? 'Not assigned'}</dd>
            {(record.referrals ?? []).map((referral) => (
              <div key={referral.referralId}>
                <dt>Referral</dt>
                <dd>
                  {referral.toName ?? referral.to}:{' '}
                  {referral.status === 'open' ? `open, due ${referral.dueDate}` : 'answered'}
                </dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="deadlines-heading">
            <h2 id="deadlines-heading">Deadlines</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Deadline</th>
                  <th scope="col">Due</th>
                  <th scope="col">Rule</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(view.deadlines).map(([name, deadline]) => (
                  <tr key={name}>
                    <td>{name}</td>
                    <td>{when(deadline.dueAt)}</td>
                    <td>{deadline.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {record.property && (
            <section aria-labelledby="property-heading">
              <h2 id="property-heading">Property log</h2>
              <p>
                {record.property.item}, lost at {record.property.whereLost}
                {record.property.whenLost ? ` on ${record.property.whenLost}` : ''}: {record.property.status}
                {record.property.heldAt ? `, held at ${record.property.heldAt}` : ''}
                {record.property.heldUntil ? ` until ${when(record.property.heldUntil)}` : ''}
              </p>
              <ol>
                {record.property.log.map((entry) => (
                  <li key={`${entry.at}-${entry.event}`}>
                    {when(entry.at)}: {entry.event}. {entry.note}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </aside>
        <div className="case-main">
          {between && (
            <p role="status" className="between-steps">
              The next step is opening. This page will show it in a moment.
            </p>
          )}
          {view.currentStep && (
            <section aria-labelledby="step-heading">
              <h2 id="step-heading">
                Current step: {view.currentStep.label}{' '}
                <span className={`badge sla-${view.currentStep.sla}`}>{SLA_TEXT[view.currentStep.sla]}</span>
              </h2>
              <StepForm
                key={view.currentStep.taskId}
                step={view.currentStep.step}
                taskId={view.currentStep.taskId}
                view={view}
                onDone={load}
              />
            </section>
          )}
          <section aria-labelledby="complaint-heading">
            <h2 id="complaint-heading">What they told us</h2>
            <p className="text">{record.complaint.description}</p>
            <p className="hint">Classified on arrival: {record.classification.reason}</p>
          </section>
        </div>
      </div>
      <CaseActions view={view} onDone={load} />
      <section aria-labelledby="correspondence-heading">
        <h2 id="correspondence-heading">Correspondence</h2>
        {record.stage !== 'closed' && record.stage !== 'withdrawn' && (
          <Compose caseId={record.caseId} onDone={load} />
        )}
        <ol className="timeline">
          {view.correspondence.map((item) => (
            <li key={`${item.at}-${item.subject}`}>
              <p>
                <strong>{item.direction === 'out' ? 'To' : 'From'}</strong>{' '}
                {item.direction === 'out' ? item.to : item.from} · {item.channel} · {when(item.at)}
              </p>
              <p>
                <strong>{item.subject}</strong>
              </p>
              <p className="text">{item.displayBody ?? item.body}</p>
              {item.heldText && (
                <details>
                  <summary>The letter held back until consent or authority is settled</summary>
                  <p className="text">{item.heldText}</p>
                </details>
              )}
              {item.html && <FormattedEmail html={item.html} subject={item.subject} />}
              {item.direction === 'in' &&
                item.kind !== 'complaint' &&
                item.from !== record.complaint.complainant.email && (
                  <ShareToggle
                    caseId={record.caseId}
                    correspondenceId={item.correspondenceId}
                    shared={(record.sharedWithComplainant ?? []).includes(item.correspondenceId)}
                    onDone={load}
                  />
                )}
              {item.attachments && item.attachments.length > 0 && (
                <ul aria-label="Attachments">
                  {item.attachments.map((attachment) => (
                    <li key={attachment.attachmentId}>
                      {attachment.filename} ({attachment.contentType}){' '}
                      {attachment.key ? (
                        <button
                          type="button"
                          className="link dark"
                          onClick={() => download(record.caseId, attachment.attachmentId)}
                        >
                          Download {attachment.filename}
                        </button>
                      ) : (
                        <span className="hint">
                          not stored: this type of file is kept only in the original email
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {view.timeline.map((entry) => (
            <li key={`${entry.at}-${entry.kind}-${entry.text}`}>
              <time dateTime={entry.at}>{when(entry.at)}</time>: {entry.text}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

export function App() {
  const [, rerender] = useState(0);
  const [location, go] = usePath();
  const [path = '', queryString = ''] = location.split('?');
  useEffect(() => onSessionChange(() => rerender((count) => count + 1)), []);
  if (!signedIn()) return <SignIn />;
  const caseMatch = path.match(/^\/console\/cases\/([^/]+)$/);
  const searchQuery = path === '/console/search' ? (new URLSearchParams(queryString).get('q') ?? '') : '';
  const search = (query: string) => go(`/console/search?${new URLSearchParams({ q: query })}`);
  return (
    <>
      <header className="site-header">
        <nav aria-label="Main">
          {[
            ['/console/', 'My tasks'],
            ['/console/cases', 'Cases'],
            ['/console/new-case', 'New case'],
            ['/console/held', 'Held mail'],
            ['/console/letters', 'Letters to post'],
            ['/console/team', 'Team'],
            ['/console/lists', 'Lists'],
            ['/console/coding', 'Code lists'],
            ['/console/templates', 'Templates'],
            ['/console/dashboard', 'Dashboard'],
            ['/console/reports', 'Reports'],
            ['/console/learning', 'Learning'],
          ].map(([href, label]) => (
            <a
              key={href}
              href={href}
              aria-current={path === href ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(href as string);
              }}
            >
              {label}
            </a>
          ))}
          <button type="button" className="link" onClick={() => signOut({ everywhere: true })}>
            Sign out
          </button>
        </nav>
        <SearchBox search={search} initial={searchQuery} />
      </header>
      {caseMatch?.[1] ? (
        <CasePage caseId={decodeURIComponent(caseMatch[1])} />
      ) : path === '/console/search' ? (
        <SearchResults query={searchQuery} open={(id) => go(`/console/cases/${id}`)} />
      ) : path === '/console/cases' ? (
        <Cases
          key={queryString}
          open={(id) => go(`/console/cases/${id}`)}
          initialAssignee={new URLSearchParams(queryString).get('assignee') ?? ''}
          initialStage={new URLSearchParams(queryString).get('stage') ?? ''}
          initialBreached={new URLSearchParams(queryString).get('breached') === 'true'}
        />
      ) : path === '/console/lists' ? (
        <Lists />
      ) : path === '/console/team' ? (
        <Team caseload={(userId) => go(`/console/cases?${new URLSearchParams({ assignee: userId })}`)} />
      ) : path === '/console/new-case' ? (
        <NewCase open={(id) => go(`/console/cases/${id}`)} />
      ) : path === '/console/held' ? (
        <HeldMail />
      ) : path === '/console/letters' ? (
        <Letters />
      ) : path === '/console/reports' ? (
        <Reports go={go} />
      ) : path === '/console/reports/cases' ? (
        <ReportCases key={queryString} query={queryString} open={(id) => go(`/console/cases/${id}`)} />
      ) : path === '/console/coding' ? (
        <CodeListsPage />
      ) : path === '/console/templates' ? (
        <TemplatesPage />
      ) : path === '/console/learning' ? (
        <Learning />
      ) : path === '/console/dashboard' ? (
        <DashboardPage go={go} />
      ) : (
        <TaskQueue open={(id) => go(`/console/cases/${id}`)} />
      )}
    </>
  );
}
