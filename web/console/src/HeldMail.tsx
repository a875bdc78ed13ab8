// Held mail: messages Liaison would not file by itself (unauthenticated replies, unreadable or oversize mail,
// scans that did not pass). A coordinator places each on a case found by search, opens a new case from it, or
// discards it. Quarantined messages are listed, never placed. Paged, oldest first.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { HeldMessage } from '../../../functions/core/case/case';
import type { CaseMatch } from '../../../functions/core/search/find-cases';
import { ApiError, api } from './api';

function when(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

function Placement({ message, onDone }: { message: HeldMessage; onDone: (text: string) => void }) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<CaseMatch[]>([]);
  const [caseId, setCaseId] = useState(message.candidateCaseId ?? '');
  const [error, setError] = useState('');
  const place = (body: unknown, text: string) =>
    api(`/api/held/${message.heldId}/place`, { method: 'POST', body })
      .then(() => onDone(text))
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The request failed.'));
  function find(event: FormEvent) {
    event.preventDefault();
    api<{ results: CaseMatch[] }>(`/api/search?${new URLSearchParams({ q: query })}`)
      .then((answer) => {
        setMatches(answer.results);
        if (answer.results[0]) setCaseId(answer.results[0].caseId);
      })
      .catch((failure) => setError(failure instanceof ApiError ? failure.message : 'The search failed.'));
  }
  const id = message.heldId;
  return (
    <div>
      <form onSubmit={find} className="inline">
        <label htmlFor={`find-${id}`}>Find the case it belongs to</label>
        <input
          id={`find-${id}`}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit">Find</button>
      </form>
      {(matches.length > 0 || message.candidateCaseId) && (
        <p>
          <label htmlFor={`case-${id}`}>Case</label>
          <select id={`case-${id}`} value={caseId} onChange={(event) => setCaseId(event.target.value)}>
            {message.candidateCaseId &&
              !matches.some((match) => match.caseId === message.candidateCaseId) && (
                <option value={message.candidateCaseId}>The case it seems to belong to</option>
              )}
            {matches.map((match) => (
              <option key={match.caseId} value={match.caseId}>
                {match.reference}: {match.complainant} ({match.stage})
              </option>
            ))}
          </select>
          <button type="button" disabled={!caseId} onClick={() => place({ caseId }, 'Placed on the case.')}>
            Place on this case
          </button>
        </p>
      )}
      <p>
        <button type="button" onClick={() => place({ newCase: true }, 'Opened as a new case.')}>
          Open a new case from it
        </button>{' '}
        <button type="button" className="secondary" onClick={() => place({ discard: true }, 'Discarded.')}>
          Discard
        </button>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

export function HeldMail() {
  const [messages, setMessages] = useState<HeldMessage[] | undefined>();
  const [quarantined, setQuarantined] = useState<HeldMessage[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const load = useCallback(() => {
    api<{ held: HeldMessage[]; quarantined: HeldMessage[]; cursors: { held?: string } }>('/api/held?limit=25')
      .then((answer) => {
        setMessages(answer.held);
        setQuarantined(answer.quarantined);
        setCursor(answer.cursors.held);
      })
      .catch((failure: ApiError) => setError(failure.message));
  }, []);
  useEffect(load, [load]);
  const more = () =>
    api<{ held: HeldMessage[]; cursor?: string }>(
      `/api/held?${new URLSearchParams({ status: 'held', limit: '25', cursor: cursor ?? '' })}`,
    )
      .then((answer) => {
        setMessages([...(messages ?? []), ...answer.held]);
        setCursor(answer.cursor);
      })
      .catch((failure: ApiError) => setError(failure.message));
  return (
    <main>
      <h1>Held mail</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!messages && !error && <p aria-live="polite">Loading...</p>}
      {messages && messages.length === 0 && <p>Nothing is held. Every message has found its place.</p>}
      <ol className="timeline">
        {(messages ?? []).map((message) => (
          <li key={message.heldId}>
            <h2 className="small">{message.subject || '(no subject)'}</h2>
            <p>
              From {message.from ?? 'an unknown sender'} · {when(message.receivedAt)}
            </p>
            <p className="hint">Held because: {message.reason}</p>
            <Placement
              message={message}
              onDone={(text) => {
                setNotice(`${message.subject || 'The message'}: ${text}`);
                load();
              }}
            />
          </li>
        ))}
      </ol>
      {cursor && (
        <button type="button" onClick={more}>
          Show more held messages
        </button>
      )}
      {quarantined.length > 0 && (
        <section aria-labelledby="quarantine-heading">
          <h2 id="quarantine-heading">Quarantined (a threat was found; kept, never placed)</h2>
          <ul>
            {quarantined.map((message) => (
              <li key={message.heldId}>
                {message.subject || '(no subject)'} from {message.from ?? 'an unknown sender'},{' '}
                {when(message.receivedAt)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
