// Team: everyone who can take a case, with their caseload (open steps, a link to their cases) and any absence.
// A coordinator or manager arranges cover for someone away: the cover works their cases and steps through the last
// day (functions/core/access/cover.ts). Representatives get 403 from the staff list and see why.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { StaffChoice } from '../../../functions/core/console/staff-list';
import { ApiError, api } from './api';

function day(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

function CoverForm({
  member,
  staff,
  onDone,
}: {
  member: StaffChoice;
  staff: StaffChoice[];
  onDone: (text: string) => void;
}) {
  const colleagues = staff.filter((other) => other.userId !== member.userId && !other.away);
  const [coverId, setCoverId] = useState(colleagues[0]?.userId ?? '');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const id = member.userId;
  function save(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setError('');
    api(`/api/staff/${encodeURIComponent(id)}/cover`, { method: 'PUT', body: { coverId, until } })
      .then(() => onDone(`${member.name} is away until ${day(until)}.`))
      .catch((failure) => {
        if (!(failure instanceof ApiError)) return setError('The request failed.');
        setError(failure.message);
        setErrors(Object.fromEntries(failure.errors.map((field) => [field.field, field.message])));
      });
  }
  return (
    <form onSubmit={save} className="inline" aria-label={`Cover for ${member.name}`}>
      <label htmlFor={`cover-${id}`}>Covered by</label>
      <select
        id={`cover-${id}`}
        value={coverId}
        onChange={(event) => setCoverId(event.target.value)}
        aria-invalid={!!errors.coverId}
        aria-describedby={errors.coverId ? `cover-${id}-error` : undefined}
      >
        {colleagues.map((other) => (
          <option key={other.userId} value={other.userId}>
            {other.name}
          </option>
        ))}
      </select>
      {errors.coverId && (
        <span id={`cover-${id}-error`} className="error">
          {errors.coverId}
        </span>
      )}
      <label htmlFor={`until-${id}`}>Last day away</label>
      <input
        id={`until-${id}`}
        type="date"
        required
        value={until}
        onChange={(event) => setUntil(event.target.value)}
        aria-invalid={!!errors.until}
        aria-describedby={errors.until ? `until-${id}-error` : undefined}
      />
      {errors.until && (
        <span id={`until-${id}-error`} className="error">
          {errors.until}
        </span>
      )}
      <button type="submit" disabled={!coverId}>
        Arrange cover
      </button>
      {error && !errors.coverId && !errors.until && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </form>
  );
}

export function Team({ caseload }: { caseload: (userId: string) => void }) {
  const [staff, setStaff] = useState<StaffChoice[] | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [arranging, setArranging] = useState('');
  const load = useCallback(() => {
    api<{ staff: StaffChoice[] }>('/api/staff')
      .then((answer) => setStaff(answer.staff))
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The request failed.'));
  }, []);
  useEffect(load, [load]);
  const done = (text: string) => {
    setNotice(text);
    setArranging('');
    load();
  };
  const endCover = (member: StaffChoice) =>
    api(`/api/staff/${encodeURIComponent(member.userId)}/cover`, { method: 'PUT', body: { coverId: null } })
      .then(() => done(`${member.name} is back: their cover has ended.`))
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The request failed.'));
  return (
    <main>
      <h1>Team</h1>
      <p role="status">{notice}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!staff && !error && <p aria-live="polite">Loading...</p>}
      {staff && (
        <table>
          <caption>Caseloads and cover</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Open steps</th>
              <th scope="col">Away</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr key={member.userId}>
                <th scope="row">{member.name}</th>
                <td>{member.roles.join(', ')}</td>
                <td>{member.openTasks}</td>
                <td>
                  {member.away
                    ? `Until ${day(member.away.until)}, covered by ${member.away.coverName}`
                    : 'Here'}
                </td>
                <td>
                  <a
                    href={`/console/cases?assignee=${encodeURIComponent(member.userId)}`}
                    onClick={(event) => {
                      event.preventDefault();
                      caseload(member.userId);
                    }}
                  >
                    {member.name}'s cases
                  </a>{' '}
                  {member.away ? (
                    <button type="button" className="secondary" onClick={() => endCover(member)}>
                      End {member.name}'s cover
                    </button>
                  ) : arranging === member.userId ? (
                    <CoverForm member={member} staff={staff} onDone={done} />
                  ) : (
                    <button type="button" className="secondary" onClick={() => setArranging(member.userId)}>
                      {member.name} is away…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
