// Find a person: one box for a name (any order, prefixes), email, phone, MRN, date of birth or reference. Each
// result shows the person's other cases, so repeat contacts and likely duplicates are seen at once.
import { type FormEvent, useEffect, useState } from 'react';
import type { CaseMatch } from '../../../functions/core/search/find-cases';
import { type ApiError, api } from './api';

function day(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso));
}

/** The search box in the header: every page can start a search. */
export function SearchBox({ search, initial = '' }: { search: (query: string) => void; initial?: string }) {
  const [query, setQuery] = useState(initial);
  useEffect(() => setQuery(initial), [initial]);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (query.trim().length >= 2) search(query.trim());
  }
  return (
    <search className="search">
      <form onSubmit={submit}>
        <label htmlFor="person-search" className="visually-hidden">
          Find a person or case
        </label>
        <input
          id="person-search"
          type="search"
          placeholder="Name, email, phone, MRN, date of birth or reference"
          value={query}
          minLength={2}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="submit">Search</button>
      </form>
    </search>
  );
}

export function SearchResults({ query, open }: { query: string; open: (caseId: string) => void }) {
  const [results, setResults] = useState<CaseMatch[] | undefined>();
  const [error, setError] = useState('');
  const [facility, setFacility] = useState('');
  useEffect(() => {
    setResults(undefined);
    setError('');
    setFacility('');
    api<{ results: CaseMatch[] }>(`/api/search?${new URLSearchParams({ q: query })}`)
      .then((answer) => setResults(answer.results))
      .catch((failure: ApiError) => setError(failure.message));
  }, [query]);
  const link = (caseId: string, text: string) => (
    <a
      href={`/console/cases/${caseId}`}
      onClick={(event) => {
        event.preventDefault();
        open(caseId);
      }}
    >
      {text}
    </a>
  );
  return (
    <main>
      <h1>Search: {query}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!results && !error && <p aria-live="polite">Searching...</p>}
      {results && (
        <p aria-live="polite">
          {results.length === 0
            ? 'No case matches. Try part of a name, an email, a phone number, an MRN or a date of birth.'
            : `${results.length} ${results.length === 1 ? 'case' : 'cases'} found.`}
        </p>
      )}
      {results && new Set(results.map((result) => result.facility ?? '')).size > 1 && (
        <p>
          <label htmlFor="search-facility">Facility</label>
          <select id="search-facility" value={facility} onChange={(event) => setFacility(event.target.value)}>
            <option value="">Any facility</option>
            {[...new Set(results.map((result) => result.facility).filter(Boolean))].sort().map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </p>
      )}
      {results && results.length > 0 && (
        <table>
          <caption className="visually-hidden">Cases matching the search, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Complainant</th>
              <th scope="col">Patient</th>
              <th scope="col">Type</th>
              <th scope="col">Step</th>
              <th scope="col">Received</th>
              <th scope="col">Assignee</th>
              <th scope="col">Their other cases</th>
            </tr>
          </thead>
          <tbody>
            {results
              .filter((result) => !facility || result.facility === facility)
              .map((result) => (
                <tr key={result.caseId}>
                  <td>{link(result.caseId, result.reference)}</td>
                  <td>{result.complainant}</td>
                  <td>{result.patient ?? '-'}</td>
                  <td>{result.type}</td>
                  <td>{result.step ?? result.stage}</td>
                  <td>{day(result.receivedAt)}</td>
                  <td>{result.assignee ?? 'Not assigned'}</td>
                  <td>
                    {result.otherCases.length === 0 ? (
                      'None'
                    ) : (
                      <ul className="plain">
                        {result.otherCases.map((other) => (
                          <li key={other.caseId}>
                            {link(other.caseId, other.reference)} ({other.stage}, {day(other.receivedAt)})
                          </li>
                        ))}
                      </ul>
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
