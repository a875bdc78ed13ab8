// Templates (issue 15 §2): every outbound text a manager may change, per SLA policy or per facility, with the
// placeholders each offers, a preview on a sample case, and what a save would refuse. Saved from the version read;
// reset goes back to the shipped wording. The server checks every template and every role.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { TemplateKind, TemplateText } from '../../../functions/core/letters/template-kinds';
import type { templatesForConsole } from '../../../functions/core/letters/templates';
import { ApiError, api, type FieldError } from './api';
import { Problems, useSubmit } from './forms';

type Catalogue = Awaited<ReturnType<typeof templatesForConsole>>;

export function TemplatesPage() {
  const [catalogue, setCatalogue] = useState<Catalogue | undefined>();
  const [loadError, setLoadError] = useState('');
  const [scope, setScope] = useState('');
  const [kind, setKind] = useState<TemplateKind>('acknowledgement');
  const [text, setText] = useState<TemplateText>({ subject: '', body: '' });
  const [preview, setPreview] = useState<(TemplateText & { problems: FieldError[] }) | undefined>();
  const [saved, setSaved] = useState('');
  const load = useCallback(() => {
    api<Catalogue>('/api/templates')
      .then((answer) => {
        setCatalogue(answer);
        setScope((current) => current || (answer.scopes[0]?.scope ?? ''));
      })
      .catch((failure) =>
        setLoadError(failure instanceof ApiError ? failure.message : 'The templates failed to load.'),
      );
  }, []);
  useEffect(load, [load]);
  const scopeEntry = catalogue?.scopes.find((entry) => entry.scope === scope);
  const edited = catalogue?.templates.overrides[scope]?.[kind];
  useEffect(() => {
    if (!catalogue || !scopeEntry) return;
    // What the scope's cases get now: its own template, else (a facility) its policy's, else the shipped wording.
    const inherited = catalogue.templates.overrides[`policy:${scopeEntry.slaPolicy}`]?.[kind];
    const shipped = catalogue.shipped[scopeEntry.slaPolicy === 'uk-nhs' ? 'nhs' : 'us'][kind];
    const current = edited ?? inherited;
    setText(current ? { subject: current.subject, body: current.body } : shipped);
    setPreview(undefined);
  }, [catalogue, scopeEntry, kind, edited]);
  const submit = useSubmit(() => {
    setSaved('Saved. The next letter of this kind uses it.');
    setPreview(undefined);
    load();
  });
  if (loadError) return <p role="alert">{loadError}</p>;
  if (!catalogue) return <p>Loading the templates...</p>;
  const rules = catalogue.kinds.find((entry) => entry.kind === kind);
  const version = catalogue.templates.version;
  async function showPreview(event: FormEvent) {
    event.preventDefault();
    setSaved('');
    try {
      setPreview(await api(`/api/templates/${kind}/preview`, { method: 'POST', body: { scope, ...text } }));
    } catch (failure) {
      setPreview({
        subject: '',
        body: '',
        problems: [
          { field: '', message: failure instanceof ApiError ? failure.message : 'The preview failed.' },
        ],
      });
    }
  }
  return (
    <main>
      <h1>Templates</h1>
      <p>
        What Liaison writes, per SLA policy or per facility. A facility's template comes before its policy's,
        and a policy's before the wording Liaison ships. Placeholders in double braces are filled in for each
        case.
      </p>
      <form className="inline" aria-label="Which template">
        <label htmlFor="template-scope">For</label>
        <select id="template-scope" value={scope} onChange={(event) => setScope(event.target.value)}>
          {catalogue.scopes.map((entry) => (
            <option key={entry.scope} value={entry.scope}>
              {entry.label}
            </option>
          ))}
        </select>
        <label htmlFor="template-kind">Template</label>
        <select
          id="template-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as TemplateKind)}
        >
          {catalogue.kinds.map((entry) => (
            <option key={entry.kind} value={entry.kind}>
              {entry.label}
            </option>
          ))}
        </select>
      </form>
      <p>
        {edited
          ? `Edited on ${edited.at.slice(0, 10)}.`
          : scope.startsWith('facility:') &&
              catalogue.templates.overrides[`policy:${scopeEntry?.slaPolicy}`]?.[kind]
            ? "The policy's template (this facility has none of its own)."
            : 'The shipped wording.'}
      </p>
      <form
        onSubmit={submit.sendTo(`/api/templates/${kind}`, () => ({ version, scope, template: text }), 'PUT')}
        aria-label="Template text"
      >
        <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
        <div className="field">
          <label htmlFor="template-subject">Subject</label>
          <input
            id="template-subject"
            value={text.subject}
            onChange={(event) => setText({ ...text, subject: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="template-body">Text</label>
          <textarea
            id="template-body"
            rows={24}
            value={text.body}
            onChange={(event) => setText({ ...text, body: event.target.value })}
          />
        </div>
        {rules && (
          <details>
            <summary>Placeholders</summary>
            <dl>
              {Object.entries(rules.placeholders).map(([name, meaning]) => (
                <div key={name}>
                  <dt>
                    <code>{`{{${name}}}`}</code>
                    {(rules.required as readonly string[]).includes(name) ? ' (required)' : ''}
                  </dt>
                  <dd>{meaning}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
        <button type="button" onClick={showPreview}>
          Preview
        </button>
        <button type="submit" disabled={submit.busy}>
          Save the template
        </button>
        {edited && (
          <button
            type="button"
            onClick={() =>
              submit.run(() => api(`/api/templates/${kind}`, { method: 'PUT', body: { version, scope } }))
            }
          >
            Go back to the shipped wording
          </button>
        )}
        <p aria-live="polite">{saved}</p>
      </form>
      {preview && (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview on a sample case</h2>
          {preview.problems.length > 0 && (
            <div role="alert" className="error-summary">
              <p>A save would be refused:</p>
              <ul>
                {preview.problems.map((problem) => (
                  <li key={problem.message}>{problem.message}</li>
                ))}
              </ul>
            </div>
          )}
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <pre className="letter">{preview.body}</pre>
        </section>
      )}
    </main>
  );
}
