// Coding (issue 15 §3): a case's HCAT severities, stage of care and harm, and what the KO41a-style return counts,
// chosen from the code lists; and the code lists themselves, kept by a manager, with each local code's mapping to
// the return (a code that maps to nothing blocks the return). The server checks every code and every role.
import { useEffect, useState } from 'react';
import type { CaseCoding } from '../../../functions/core/coding/case-coding';
import {
  type CodeLists,
  HARM_LEVELS,
  HCAT_SEVERITY,
  type MappedCode,
} from '../../../functions/core/coding/code-lists';
import { codeOf } from '../../../functions/core/coding/shipped-code-lists';
import type { CaseView } from '../../../functions/core/console/console-queries';
import { ApiError, api } from './api';
import { Problems, useSubmit } from './forms';

function useCodeLists(): [CodeLists | undefined, string, () => void] {
  const [lists, setLists] = useState<CodeLists | undefined>();
  const [error, setError] = useState('');
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    void reloads;
    api<{ lists: CodeLists }>('/api/coding/lists')
      .then((answer) => setLists(answer.lists))
      .catch((failure) =>
        setError(failure instanceof ApiError ? failure.message : 'The code lists failed to load.'),
      );
  }, [reloads]);
  return [lists, error, () => setReloads((count) => count + 1)];
}

function Checkboxes({
  legend,
  name,
  entries,
  chosen,
  onChange,
}: {
  legend: string;
  name: string;
  entries: { code: string; name: string; active: boolean }[];
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  return (
    <fieldset className="checkboxes">
      <legend>{legend}</legend>
      {entries
        .filter((entry) => entry.active || chosen.includes(entry.code))
        .map((entry) => (
          <div className="choice" key={entry.code}>
            <input
              type="checkbox"
              id={`${name}-${entry.code}`}
              checked={chosen.includes(entry.code)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...chosen, entry.code]
                    : chosen.filter((code) => code !== entry.code),
                )
              }
            />
            <label htmlFor={`${name}-${entry.code}`}>{entry.name}</label>
          </div>
        ))}
    </fieldset>
  );
}

function Select({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (next: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose...</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const offered = (entries: { code: string; name: string; active: boolean }[], current?: string) =>
  entries
    .filter((entry) => entry.active || entry.code === current)
    .map((entry) => ({ value: entry.code, label: entry.name }));

/** The case's coding form: what is coded already, changed and saved as a whole. */
export function CaseCodingForm({ record, onDone }: { record: CaseView['case']; onDone: () => void }) {
  const [lists, loadError] = useCodeLists();
  const coding: Partial<CaseCoding> = record.coding ?? {};
  const [severities, setSeverities] = useState<Record<string, number>>(coding.hcat?.severities ?? {});
  const [stage, setStage] = useState(coding.hcat?.stageOfCare ?? '');
  const [harm, setHarm] = useState(coding.hcat ? String(coding.hcat.harm) : '');
  const [subjects, setSubjects] = useState<string[]>(coding.subjects ?? []);
  const [serviceArea, setServiceArea] = useState(coding.serviceArea ?? '');
  const [professions, setProfessions] = useState<string[]>(coding.professions ?? []);
  const [status, setStatus] = useState(coding.complainantStatus ?? '');
  const [saved, setSaved] = useState('');
  const submit = useSubmit(() => {
    setSaved('The coding is saved.');
    onDone();
  });
  if (loadError) return <p role="alert">{loadError}</p>;
  if (!lists) return <p>Loading the code lists...</p>;
  const body = () => ({
    ...(stage && harm !== '' ? { hcat: { severities, stageOfCare: stage, harm: Number(harm) } } : {}),
    ...(subjects.length ? { subjects } : {}),
    ...(serviceArea ? { serviceArea } : {}),
    ...(professions.length ? { professions } : {}),
    ...(status ? { complainantStatus: status } : {}),
  });
  return (
    <form onSubmit={submit.sendTo(`/api/cases/${record.caseId}/coding`, body, 'PUT')} aria-label="Coding">
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
      {coding.ageBand && (
        <p>
          Age band (from the date of birth):{' '}
          {lists.ageBands.find((band) => band.code === coding.ageBand)?.name ?? coding.ageBand}
        </p>
      )}
      <fieldset>
        <legend>HCAT: severity of each problem (0 not present to 3 high)</legend>
        {lists.hcat.categories
          .filter((category) => category.active)
          .map((category) => (
            <Select
              key={category.code}
              id={`hcat-${category.code}`}
              label={`${category.name} (${category.domain})`}
              value={String(severities[category.code] ?? 0)}
              options={HCAT_SEVERITY.map((name, level) => ({
                value: String(level),
                label: `${level} ${name}`,
              }))}
              onChange={(next) =>
                setSeverities((current) => ({ ...current, [category.code]: Number(next || 0) }))
              }
            />
          ))}
        <Select
          id="hcat-stage"
          label="Stage of care"
          value={stage}
          options={offered(lists.hcat.stagesOfCare, stage)}
          onChange={setStage}
        />
        <Select
          id="hcat-harm"
          label="Harm"
          value={harm}
          options={HARM_LEVELS.map((name, level) => ({ value: String(level), label: `${level} ${name}` }))}
          onChange={setHarm}
        />
      </fieldset>
      <Checkboxes
        legend="Subject areas"
        name="subject"
        entries={lists.subjects}
        chosen={subjects}
        onChange={setSubjects}
      />
      <Select
        id="coding-service-area"
        label="Service area"
        value={serviceArea}
        options={offered(lists.serviceAreas, serviceArea)}
        onChange={setServiceArea}
      />
      <Checkboxes
        legend="Staff groups"
        name="profession"
        entries={lists.professions}
        chosen={professions}
        onChange={setProfessions}
      />
      <Select
        id="coding-status"
        label="Complainant (if left empty: from how they relate to the patient)"
        value={status}
        options={offered(lists.ko41a.statuses, status)}
        onChange={setStatus}
      />
      <button type="submit" disabled={submit.busy} onClick={() => setSaved('')}>
        Save the coding
      </button>
      <p aria-live="polite">{saved}</p>
    </form>
  );
}

type EditableList = 'subjects' | 'serviceAreas' | 'professions' | 'rootCauses';
const EDITABLE: [EditableList, string][] = [
  ['subjects', 'Subject areas'],
  ['serviceAreas', 'Service areas'],
  ['professions', 'Staff groups'],
  ['rootCauses', 'Root causes'],
];
const RETURN_LIST = {
  subjects: 'subjects',
  serviceAreas: 'serviceAreas',
  professions: 'professions',
} as const;

/** The code lists (managers change them): names, retiring, new codes, and each code's return code. */
export function CodeListsPage() {
  const [lists, loadError, reload] = useCodeLists();
  const [draft, setDraft] = useState<CodeLists | undefined>();
  const [newNames, setNewNames] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState('');
  const submit = useSubmit(() => {
    setSaved('Saved.');
    reload();
  });
  useEffect(() => setDraft(lists), [lists]);
  if (loadError) return <p role="alert">{loadError}</p>;
  if (!draft) return <p>Loading the code lists...</p>;
  const change = (list: EditableList, index: number, patch: Partial<MappedCode>) =>
    setDraft(
      (current) =>
        current && {
          ...current,
          [list]: current[list].map((entry, at) => (at === index ? { ...entry, ...patch } : entry)),
        },
    );
  const add = (list: EditableList) => {
    const name = (newNames[list] ?? '').trim();
    if (!name) return;
    setDraft(
      (current) =>
        current && { ...current, [list]: [...current[list], { code: codeOf(name), name, active: true }] },
    );
    setNewNames((current) => ({ ...current, [list]: '' }));
  };
  return (
    <main>
      <h1>Code lists</h1>
      <p>
        {draft.source}. Version {draft.version}. A code is never deleted: retire it. A code with no return
        code blocks the KO41a return while a case uses it.
      </p>
      <form onSubmit={submit.sendTo('/api/coding/lists', () => draft, 'PUT')} aria-label="Code lists">
        <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
        {EDITABLE.map(([list, title]) => {
          const returnList = list === 'rootCauses' ? undefined : draft.ko41a[RETURN_LIST[list]];
          return (
            <section key={list} aria-labelledby={`${list}-heading`}>
              <h2 id={`${list}-heading`}>{title}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Code</th>
                    <th scope="col">Offered</th>
                    {returnList && <th scope="col">Counts in the return as</th>}
                  </tr>
                </thead>
                <tbody>
                  {(draft[list] as MappedCode[]).map((entry, index) => (
                    <tr key={entry.code}>
                      <td>
                        <input
                          aria-label={`${title}: name of ${entry.code}`}
                          value={entry.name}
                          onChange={(event) => change(list, index, { name: event.target.value })}
                        />
                      </td>
                      <td>{entry.code}</td>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${title}: offer ${entry.name}`}
                          checked={entry.active}
                          onChange={(event) => change(list, index, { active: event.target.checked })}
                        />
                      </td>
                      {returnList && (
                        <td>
                          <select
                            aria-label={`${title}: return code of ${entry.name}`}
                            value={entry.returnCode ?? ''}
                            onChange={(event) =>
                              change(list, index, { returnCode: event.target.value || undefined })
                            }
                          >
                            <option value="">Maps to nothing (blocks the return)</option>
                            {returnList.map((option) => (
                              <option key={option.code} value={option.code}>
                                {option.name}
                              </option>
                            ))}
                          </select>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              <label htmlFor={`${list}-new`}>New entry in {title.toLowerCase()}</label>
              <input
                id={`${list}-new`}
                value={newNames[list] ?? ''}
                onChange={(event) => setNewNames((current) => ({ ...current, [list]: event.target.value }))}
              />
              <button type="button" onClick={() => add(list)}>
                Add
              </button>
            </section>
          );
        })}
        <button type="submit" disabled={submit.busy}>
          Save the code lists
        </button>
        <p aria-live="polite">{saved}</p>
      </form>
    </main>
  );
}
