// Learning (issue 15 §5): the actions arising from cases and themes ("you said, we did"), by due date: create one
// with its owner and due date, mark it done with its evidence, then review whether it worked. A case's own actions
// are on its page. Anyone sees the actions they own; coordinators and managers see and change all of them.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { StaffChoice } from '../../../functions/core/console/staff-list';
import type { LearningAction } from '../../../functions/core/learning/learning-actions';
import { ApiError, api } from './api';

const failed = (failure: unknown) => (failure instanceof ApiError ? failure.message : 'The request failed.');

/** A new action, from a case (`caseId`) or a theme. */
export function NewAction({ caseId, onDone }: { caseId?: string; onDone: () => void }) {
  const [staff, setStaff] = useState<StaffChoice[]>([]);
  const [form, setForm] = useState({ title: '', theme: '', ownerId: '', dueDate: '' });
  const [error, setError] = useState('');
  useEffect(() => {
    api<{ staff: StaffChoice[] }>('/api/staff')
      .then((answer) => setStaff(answer.staff))
      .catch(() => setStaff([]));
  }, []);
  const set = (name: keyof typeof form) => (value: string) =>
    setForm((current) => ({ ...current, [name]: value }));
  const prefix = caseId ? 'case-action' : 'action';
  function submit(event: FormEvent) {
    event.preventDefault();
    setError('');
    const body = {
      title: form.title,
      ownerId: form.ownerId,
      dueDate: form.dueDate,
      ...(caseId ? { caseId } : {}),
      ...(form.theme ? { theme: form.theme } : {}),
    };
    api('/api/actions', { method: 'POST', body })
      .then(() => {
        setForm({ title: '', theme: '', ownerId: '', dueDate: '' });
        onDone();
      })
      .catch((failure) => setError(failed(failure)));
  }
  return (
    <form onSubmit={submit}>
      <p>
        <label htmlFor={`${prefix}-title`}>What is to be done</label>
        <input
          id={`${prefix}-title`}
          value={form.title}
          onChange={(event) => set('title')(event.target.value)}
        />
      </p>
      <p>
        <label htmlFor={`${prefix}-theme`}>{caseId ? 'Theme (optional)' : 'Theme'}</label>
        <input
          id={`${prefix}-theme`}
          value={form.theme}
          onChange={(event) => set('theme')(event.target.value)}
        />
      </p>
      <p>
        <label htmlFor={`${prefix}-owner`}>Owner</label>
        <select
          id={`${prefix}-owner`}
          value={form.ownerId}
          onChange={(event) => set('ownerId')(event.target.value)}
        >
          <option value="">Choose...</option>
          {staff.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${prefix}-due`}>Due</label>
        <input
          id={`${prefix}-due`}
          type="date"
          value={form.dueDate}
          onChange={(event) => set('dueDate')(event.target.value)}
        />
      </p>
      <button type="submit">Add the action</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

/** One action's row: its details, and the change its state allows next. */
export function ActionRow({ action, onDone }: { action: LearningAction; onDone: () => void }) {
  const [text, setText] = useState('');
  const [worked, setWorked] = useState('yes');
  const [error, setError] = useState('');
  const id = `action-${action.actionId}`;
  const change = (body: Record<string, unknown>) =>
    api(`/api/actions/${action.actionId}`, { method: 'PATCH', body: { version: action.version, ...body } })
      .then(() => {
        setText('');
        onDone();
      })
      .catch((failure) => setError(failed(failure)));
  return (
    <li>
      <p>
        <strong>{action.title}</strong> ({action.status}, due {action.dueDate}, owner {action.owner.name}
        {action.source.reference ? `, from ${action.source.reference}` : ''}
        {action.source.theme ? `, theme: ${action.source.theme}` : ''})
      </p>
      {action.evidence && <p>Evidence: {action.evidence}</p>}
      {action.review && (
        <p>
          Review ({action.review.reviewedOn}): worked {action.review.worked}. {action.review.note}
        </p>
      )}
      {action.status === 'open' && (
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void change({ status: 'done', evidence: text });
          }}
        >
          <label htmlFor={`${id}-evidence`}>Evidence it was done</label>
          <input id={`${id}-evidence`} value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit">Mark done</button>
        </form>
      )}
      {action.status === 'done' && !action.review && (
        <form
          className="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void change({ review: { worked, note: text } });
          }}
        >
          <label htmlFor={`${id}-worked`}>Did it work?</label>
          <select id={`${id}-worked`} value={worked} onChange={(event) => setWorked(event.target.value)}>
            <option value="yes">Yes</option>
            <option value="partly">Partly</option>
            <option value="no">No</option>
          </select>
          <label htmlFor={`${id}-note`}>What the review found</label>
          <input id={`${id}-note`} value={text} onChange={(event) => setText(event.target.value)} />
          <button type="submit">Record the review</button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </li>
  );
}

export function Learning() {
  const [status, setStatus] = useState('open');
  const [actions, setActions] = useState<LearningAction[] | undefined>();
  const [error, setError] = useState('');
  const load = useCallback(() => {
    api<{ actions: LearningAction[] }>(`/api/actions?${new URLSearchParams({ status })}`)
      .then((answer) => setActions(answer.actions))
      .catch((failure) => setError(failed(failure)));
  }, [status]);
  useEffect(load, [load]);
  return (
    <main>
      <h1>Learning</h1>
      <p>
        <label htmlFor="action-status">Show actions that are</label>
        <select id="action-status" value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="open">open</option>
          <option value="done">done</option>
          <option value="cancelled">cancelled</option>
        </select>
      </p>
      {error && <p role="alert">{error}</p>}
      {actions && actions.length === 0 && <p>No {status} actions.</p>}
      <ol>
        {(actions ?? []).map((action) => (
          <ActionRow key={`${action.actionId}-${action.version}`} action={action} onDone={load} />
        ))}
      </ol>
      <section aria-labelledby="new-action-heading">
        <h2 id="new-action-heading">A new action from a theme</h2>
        <NewAction onDone={load} />
      </section>
    </main>
  );
}
