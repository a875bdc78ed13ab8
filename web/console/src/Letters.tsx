// Letters to post (issue 15 §1): every letter to someone who asked for post or has no email, oldest first. Print
// each as a PDF, post it, and mark it posted with the day: that is what sends it (a response by post counts as sent
// for the grievance gate only once posted). Coordinators and managers; the server checks.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { LetterToPost } from '../../../functions/core/letters/letters-to-post';
import { ApiError, api, saveFile } from './api';

function when(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function localToday(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

function Letter({ letter, onPosted }: { letter: LetterToPost; onPosted: (text: string) => void }) {
  const [postedOn, setPostedOn] = useState(localToday());
  const [error, setError] = useState('');
  const id = `posted-${letter.letterId.replace(/\W/g, '-')}`;
  function posted(event: FormEvent) {
    event.preventDefault();
    setError('');
    api(`/api/letters/${encodeURIComponent(letter.letterId)}/posted`, { method: 'POST', body: { postedOn } })
      .then(() => onPosted(`${letter.reference}: ${letter.kind} marked posted on ${postedOn}.`))
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The request failed.'));
  }
  return (
    <tr>
      <th scope="row">
        <a href={`/console/cases/${letter.caseId}`}>{letter.reference}</a>
      </th>
      <td>{letter.kind}</td>
      <td>{letter.recipient}</td>
      <td>{when(letter.recordedAt)}</td>
      <td>
        <button
          type="button"
          onClick={() =>
            saveFile(
              `/api/letters/${encodeURIComponent(letter.letterId)}/pdf`,
              `${letter.reference}-${letter.kind}.pdf`,
            ).catch((failure) =>
              setError(failure instanceof ApiError ? failure.message : 'The download failed.'),
            )
          }
        >
          Print (PDF) <span className="visually-hidden">{`${letter.reference} ${letter.kind}`}</span>
        </button>
      </td>
      <td>
        <form
          onSubmit={posted}
          className="inline"
          aria-label={`Mark ${letter.reference} ${letter.kind} posted`}
        >
          <label htmlFor={id}>Posted on</label>
          <input id={id} type="date" value={postedOn} onChange={(event) => setPostedOn(event.target.value)} />
          <button type="submit">Mark posted</button>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

export function Letters() {
  const [letters, setLetters] = useState<LetterToPost[] | undefined>();
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const load = useCallback(() => {
    api<{ letters: LetterToPost[] }>('/api/letters?status=to-post')
      .then((answer) => setLetters(answer.letters))
      .catch((failure: ApiError) => setError(failure.message));
  }, []);
  useEffect(load, [load]);
  return (
    <main>
      <h1>Letters to post</h1>
      {error && <p role="alert">{error}</p>}
      <p aria-live="polite">{message}</p>
      {letters && letters.length === 0 && <p>No letters are waiting to be posted.</p>}
      {letters && letters.length > 0 && (
        <table>
          <caption>Oldest first. A letter leaves this list once it is marked posted.</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Letter</th>
              <th scope="col">To</th>
              <th scope="col">Written</th>
              <th scope="col">Print</th>
              <th scope="col">Posted</th>
            </tr>
          </thead>
          <tbody>
            {letters.map((letter) => (
              <Letter
                key={letter.letterId}
                letter={letter}
                onPosted={(text) => {
                  setMessage(text);
                  load();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
