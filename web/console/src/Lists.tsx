// The hospital's lists (managers): facilities with their own rules, departments and services, case categories.
// Offered by the public form and triage; an entry is retired, never deleted. Each save names the version it was
// edited from, so two managers never overwrite each other (functions/core/hospital/hospital-lists.ts).
import { useCallback, useEffect, useState } from 'react';
import type {
  Facility,
  HospitalLists,
  ListChange,
  ListKind,
} from '../../../functions/core/hospital/hospital-lists';
import { ApiError, api, type FieldError } from './api';

const TITLES: Record<ListKind, string> = {
  facilities: 'Facilities',
  departments: 'Departments and services',
  categories: 'Case categories',
};
const POLICIES = ['us-cms-hospital', 'us-medicare-advantage', 'uk-nhs'];

type Row = Facility & { key: string; isNew?: boolean };

/** A change as a sentence: what was added, renamed, retired or restored. */
export function describeChange(change: ListChange): string {
  const before = new Map(change.before.map((entry) => [entry.id, entry]));
  const parts: string[] = [];
  for (const entry of change.after) {
    const old = before.get(entry.id);
    if (!old) parts.push(`added ${entry.name}`);
    else {
      if (old.name !== entry.name) parts.push(`renamed ${old.name} to ${entry.name}`);
      if (old.active && !entry.active) parts.push(`retired ${entry.name}`);
      if (!old.active && entry.active) parts.push(`restored ${entry.name}`);
      const [a, b] = [old as Facility, entry as Facility];
      if (a.slaPolicy !== b.slaPolicy || a.timeZone !== b.timeZone)
        parts.push(`changed the rules of ${entry.name}`);
    }
  }
  return `${change.byName} changed ${TITLES[change.kind].toLowerCase()}: ${parts.join('; ') || 'reordered'}.`;
}

function ListEditor({
  kind,
  lists,
  onSaved,
}: {
  kind: ListKind;
  lists: HospitalLists;
  onSaved: (text: string) => void;
}) {
  const [rows, setRows] = useState<Row[]>(() =>
    (lists[kind] as Facility[]).map((entry) => ({ ...entry, key: entry.id })),
  );
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const update = (index: number, patch: Partial<Row>) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  const errorFor = (index: number) =>
    fieldErrors
      .filter((problem) => problem.field.startsWith(`entries.${index}.`))
      .map((problem) => problem.message);
  async function save() {
    setError('');
    setFieldErrors([]);
    try {
      await api(`/api/hospital-lists/${kind}`, {
        method: 'PUT',
        body: {
          version: lists.version,
          entries: rows.map((row) => ({
            ...(row.isNew ? {} : { id: row.id }),
            name: row.name,
            active: row.active,
            ...(kind === 'facilities' && row.slaPolicy ? { slaPolicy: row.slaPolicy } : {}),
            ...(kind === 'facilities' && row.timeZone ? { timeZone: row.timeZone } : {}),
          })),
        },
      });
      onSaved(`${TITLES[kind]} saved.`);
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure : new ApiError(0, 'The request failed.');
      setError(problem.message);
      setFieldErrors(problem.errors);
    }
  }
  const id = (index: number, field: string) => `${kind}-${index}-${field}`;
  return (
    <section aria-labelledby={`${kind}-heading`} className="list-editor">
      <h2 id={`${kind}-heading`}>{TITLES[kind]}</h2>
      <table>
        <caption className="visually-hidden">{TITLES[kind]}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Offered</th>
            {kind === 'facilities' && <th scope="col">SLA policy</th>}
            {kind === 'facilities' && <th scope="col">Time zone</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={row.key}>
              <td>
                <label htmlFor={id(index, 'name')} className="visually-hidden">
                  Name of entry {index + 1}
                </label>
                <input
                  id={id(index, 'name')}
                  type="text"
                  value={row.name}
                  onChange={(event) => update(index, { name: event.target.value })}
                  aria-invalid={errorFor(index).length > 0}
                />
                {errorFor(index).map((message) => (
                  <span key={message} className="error">
                    {' '}
                    {message}
                  </span>
                ))}
              </td>
              <td>
                <label className="inline-choice">
                  <input
                    id={id(index, 'active')}
                    type="checkbox"
                    checked={row.active}
                    onChange={(event) => update(index, { active: event.target.checked })}
                    aria-label={`Offered: ${row.name || `entry ${index + 1}`}`}
                  />{' '}
                  Offered
                </label>
              </td>
              {kind === 'facilities' && (
                <td>
                  <select
                    value={row.slaPolicy ?? ''}
                    aria-label={`SLA policy of ${row.name || `entry ${index + 1}`}`}
                    onChange={(event) =>
                      update(index, { slaPolicy: (event.target.value || undefined) as Facility['slaPolicy'] })
                    }
                  >
                    <option value="">The hospital's</option>
                    {POLICIES.map((policy) => (
                      <option key={policy} value={policy}>
                        {policy}
                      </option>
                    ))}
                  </select>
                </td>
              )}
              {kind === 'facilities' && (
                <td>
                  <input
                    type="text"
                    value={row.timeZone ?? ''}
                    placeholder="The hospital's"
                    aria-label={`Time zone of ${row.name || `entry ${index + 1}`}`}
                    onChange={(event) => update(index, { timeZone: event.target.value || undefined })}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setRows([
              ...rows,
              { id: '', key: `new-${rows.length}-${Date.now()}`, name: '', active: true, isNew: true },
            ])
          }
        >
          Add to {TITLES[kind].toLowerCase()}
        </button>{' '}
        <button type="button" onClick={() => void save()}>
          Save {TITLES[kind].toLowerCase()}
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

export function Lists() {
  const [data, setData] = useState<{ lists: HospitalLists; changes: ListChange[] } | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const load = useCallback(() => {
    api<{ lists: HospitalLists; changes: ListChange[] }>('/api/hospital-lists')
      .then(setData)
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The request failed.'));
  }, []);
  useEffect(load, [load]);
  return (
    <main>
      <h1>Hospital lists</h1>
      <p>
        What the complaint form and triage offer. Leave an entry unticked to stop offering it: cases that name
        it keep it. A facility can follow its own SLA policy and time zone; cases received for it record them.
      </p>
      <p role="status">{notice}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p aria-live="polite">Loading...</p>}
      {data &&
        (['facilities', 'departments', 'categories'] as const).map((kind) => (
          <ListEditor
            // A new version re-reads the rows from the server.
            key={`${kind}-${data.lists.version}`}
            kind={kind}
            lists={data.lists}
            onSaved={(text) => {
              setNotice(text);
              load();
            }}
          />
        ))}
      {data && data.changes.length > 0 && (
        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading">Recent changes</h2>
          <ol className="timeline">
            {data.changes.map((change) => (
              <li key={`${change.at}-${change.kind}`}>
                <time dateTime={change.at}>
                  {new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(
                    new Date(change.at),
                  )}
                </time>
                : {describeChange(change)}
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
