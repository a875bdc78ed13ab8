// What every console form shares: submitting with busy state and errors, and the problem summary beside it.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError, api, type FieldError } from './api';

export function useSubmit(onDone: () => void) {
  const [error, setError] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError('');
    setFieldErrors([]);
    try {
      await action();
      onDone();
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure : new ApiError(0, 'The request failed.');
      setError(problem.message);
      setFieldErrors(problem.errors);
    } finally {
      setBusy(false);
    }
  }
  /** A form's submit handler: sends what `body` gives to `path`, then onDone; errors show in Problems. */
  const sendTo =
    (path: string, body: () => unknown, method: 'POST' | 'PATCH' | 'PUT' = 'POST') =>
    (event: FormEvent) => {
      event.preventDefault();
      void run(() => api(path, { method, body: body() }));
    };
  return { error, fieldErrors, busy, run, sendTo };
}

export function Problems({ error, fieldErrors }: { error: string; fieldErrors: FieldError[] }) {
  if (!error) return null;
  return (
    <div role="alert" className="error-summary">
      <p>{error}</p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((problem) => (
            <li key={`${problem.field}-${problem.message}`}>
              {problem.field ? `${problem.field}: ` : ''}
              {problem.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
