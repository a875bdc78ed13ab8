// Writing from the case: an email to the complainant (their reply threads back) or a note of a phone call or
// walk-in conversation.
import { type FormEvent, useState } from 'react';
import { type ApiError, api } from './api';

export function Compose({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [mode, setMode] = useState<'email' | 'note'>('email');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [channel, setChannel] = useState('phone');
  const [direction, setDirection] = useState('in');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError('');
    setStatus('');
    try {
      if (mode === 'email') {
        const sent = await api<{ channel: string }>(`/api/cases/${caseId}/messages`, {
          method: 'POST',
          body: { subject, body },
        });
        setStatus(sent.channel === 'letter' ? 'Recorded as a letter to be posted.' : 'Sent.');
      } else {
        await api(`/api/cases/${caseId}/notes`, {
          method: 'POST',
          body: channel === 'internal' ? { channel, summary: body } : { channel, direction, summary: body },
        });
        setStatus('Note recorded.');
      }
      setSubject('');
      setBody('');
      onDone();
    } catch (failure) {
      const problem = failure as ApiError;
      setError(problem.errors.map((item) => item.message).join(' ') || problem.message);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>Write on this case</legend>
        <div className="choice">
          <input
            type="radio"
            id="compose-email"
            name="compose-mode"
            checked={mode === 'email'}
            onChange={() => setMode('email')}
          />
          <label htmlFor="compose-email">Email the complainant</label>
        </div>
        <div className="choice">
          <input
            type="radio"
            id="compose-note"
            name="compose-mode"
            checked={mode === 'note'}
            onChange={() => setMode('note')}
          />
          <label htmlFor="compose-note">Record a call, a walk-in or an internal note</label>
        </div>
      </fieldset>
      {mode === 'email' ? (
        <div className="field">
          <label htmlFor="compose-subject">Subject</label>
          <input
            id="compose-subject"
            type="text"
            value={subject}
            onChange={(event) => setSubject(event.target.value)}
          />
        </div>
      ) : (
        <div className="inline">
          <label htmlFor="compose-channel">Channel</label>
          <select id="compose-channel" value={channel} onChange={(event) => setChannel(event.target.value)}>
            <option value="phone">Phone</option>
            <option value="walk-in">Walk-in</option>
            <option value="internal">Internal note (staff only)</option>
          </select>
          {channel !== 'internal' && (
            <>
              <label htmlFor="compose-direction">Who got in touch</label>
              <select
                id="compose-direction"
                value={direction}
                onChange={(event) => setDirection(event.target.value)}
              >
                <option value="in">They contacted us</option>
                <option value="out">We contacted them</option>
              </select>
            </>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="compose-body">{mode === 'email' ? 'Message' : 'Summary of the conversation'}</label>
        <textarea id="compose-body" rows={5} value={body} onChange={(event) => setBody(event.target.value)} />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">{mode === 'email' ? 'Send email' : 'Record note'}</button>
      <p aria-live="polite">{status}</p>
    </form>
  );
}
