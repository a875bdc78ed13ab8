// What a coordinator does to a case besides its current step: assign it by name, correct the record, add files,
// extend the response time, withdraw or reopen it. Each is a disclosure with its own form; roles are checked on the
// server, which answers a representative's attempt with 403 or 404.
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import type { CaseView } from '../../../functions/core/console/console-queries';
import type { StaffChoice } from '../../../functions/core/console/staff-list';
import type { LearningAction } from '../../../functions/core/learning/learning-actions';
import { UPLOAD_EXTENSIONS, UPLOAD_TYPES } from '../../../functions/core/uploads/upload-rules';
import { ApiError, api, saveFile } from './api';
import { CaseCodingForm } from './Coding';
import { Problems, useSubmit } from './forms';
import { ActionRow, NewAction } from './Learning';

type Record = CaseView['case'];

function Action({ title, children }: { title: string; children: ReactNode }) {
  return (
    <details className="action">
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** An action whose form loads what it needs only once opened (not on every view of the case). */
function LazyAction({ title, children }: { title: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="action" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      {open && children()}
    </details>
  );
}

function Assign({ record, onDone }: { record: Record; onDone: () => void }) {
  const [staff, setStaff] = useState<StaffChoice[] | undefined>();
  const [assigneeId, setAssigneeId] = useState(record.assignee?.userId ?? '');
  const submit = useSubmit(onDone);
  useEffect(() => {
    api<{ staff: StaffChoice[] }>('/api/staff')
      .then((answer) => setStaff(answer.staff))
      .catch(() => setStaff([]));
  }, []);
  return (
    <form onSubmit={submit.sendTo(`/api/cases/${record.caseId}/assign`, () => ({ assigneeId }))}>
      <label htmlFor="assignee">Assign to</label>
      <select
        id="assignee"
        value={assigneeId}
        onChange={(event) => setAssigneeId(event.target.value)}
        required
      >
        <option value="">Choose a person</option>
        {(staff ?? []).map((member) => (
          <option key={member.userId} value={member.userId}>
            {member.name} ({member.roles.join(', ')}; {member.openTasks} open{' '}
            {member.openTasks === 1 ? 'step' : 'steps'})
          </option>
        ))}
      </select>
      <button type="submit" disabled={submit.busy || !assigneeId}>
        Assign
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

function Field({
  id,
  label,
  value,
  onChange,
  type = 'text',
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
}) {
  return (
    <p>
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(event) => onChange(event.target.value)} />
    </p>
  );
}

/** The record's fields as a form; only what changed is sent, and an emptied field is removed (null). */
function Correct({ record, onDone }: { record: Record; onDone: () => void }) {
  const { complainant, patient } = record.complaint;
  const initial = {
    name: complainant.name,
    email: complainant.email ?? '',
    phone: complainant.phone ?? '',
    line1: complainant.address?.line1 ?? '',
    line2: complainant.address?.line2 ?? '',
    city: complainant.address?.city ?? '',
    postalCode: complainant.address?.postalCode ?? '',
    patientName: patient?.name ?? '',
    dateOfBirth: patient?.dateOfBirth ?? '',
    mrn: patient?.mrn ?? '',
    contactPreference: record.complaint.contactPreference,
    facility: record.complaint.facility ?? '',
    department: record.complaint.department ?? '',
    reason: '',
  };
  const [form, setForm] = useState(initial);
  const submit = useSubmit(onDone);
  const set = (name: keyof typeof initial) => (value: string) => setForm({ ...form, [name]: value });
  const changed = (name: keyof typeof initial) => form[name] !== initial[name];
  const valueOrNull = (name: keyof typeof initial) => (form[name].trim() ? form[name].trim() : null);

  function body() {
    const addressChanged = (['line1', 'line2', 'city', 'postalCode'] as const).some(changed);
    const complainantChanges = {
      ...(changed('name') ? { name: form.name } : {}),
      ...(changed('email') ? { email: valueOrNull('email') } : {}),
      ...(changed('phone') ? { phone: valueOrNull('phone') } : {}),
      ...(addressChanged
        ? {
            address: form.line1.trim()
              ? {
                  line1: form.line1,
                  ...(form.line2.trim() ? { line2: form.line2 } : {}),
                  city: form.city,
                  postalCode: form.postalCode,
                }
              : null,
          }
        : {}),
    };
    const patientChanges = {
      ...(changed('patientName') ? { name: form.patientName } : {}),
      ...(changed('dateOfBirth') ? { dateOfBirth: valueOrNull('dateOfBirth') } : {}),
      ...(changed('mrn') ? { mrn: valueOrNull('mrn') } : {}),
    };
    return {
      ...(Object.keys(complainantChanges).length ? { complainant: complainantChanges } : {}),
      ...(Object.keys(patientChanges).length ? { patient: patientChanges } : {}),
      ...(changed('contactPreference') ? { contactPreference: form.contactPreference } : {}),
      ...(changed('facility') ? { facility: valueOrNull('facility') } : {}),
      ...(changed('department') ? { department: valueOrNull('department') } : {}),
      ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    };
  }

  return (
    <form onSubmit={submit.sendTo(`/api/cases/${record.caseId}`, body, 'PATCH')}>
      <fieldset>
        <legend>Complainant</legend>
        <Field id="fix-name" label="Name" value={form.name} onChange={set('name')} />
        <Field id="fix-email" label="Email address" type="email" value={form.email} onChange={set('email')} />
        <Field id="fix-phone" label="Phone number" type="tel" value={form.phone} onChange={set('phone')} />
        <Field id="fix-line1" label="Address line 1" value={form.line1} onChange={set('line1')} />
        <Field id="fix-line2" label="Address line 2" value={form.line2} onChange={set('line2')} />
        <Field id="fix-city" label="Town or city" value={form.city} onChange={set('city')} />
        <Field id="fix-postal" label="Postal code" value={form.postalCode} onChange={set('postalCode')} />
        <p>
          <label htmlFor="fix-preference">Contact preference</label>
          <select
            id="fix-preference"
            value={form.contactPreference}
            onChange={(event) => set('contactPreference')(event.target.value)}
          >
            <option value="email">Email</option>
            <option value="phone">Phone</option>
            <option value="letter">Letter</option>
          </select>
        </p>
      </fieldset>
      <fieldset>
        <legend>Patient</legend>
        <Field
          id="fix-patient"
          label="Patient's name"
          value={form.patientName}
          onChange={set('patientName')}
        />
        <Field
          id="fix-dob"
          label="Date of birth (YYYY-MM-DD)"
          value={form.dateOfBirth}
          onChange={set('dateOfBirth')}
        />
        <Field id="fix-mrn" label="MRN" value={form.mrn} onChange={set('mrn')} />
      </fieldset>
      <fieldset>
        <legend>Where it happened</legend>
        <Field id="fix-facility" label="Facility" value={form.facility} onChange={set('facility')} />
        <Field id="fix-department" label="Department" value={form.department} onChange={set('department')} />
      </fieldset>
      <Field id="fix-reason" label="Why (optional)" value={form.reason} onChange={set('reason')} />
      <button type="submit" disabled={submit.busy}>
        Save the correction
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

function ReasonForm({
  path,
  label,
  button,
  withDays,
  onDone,
}: {
  path: string;
  label: string;
  button: string;
  withDays?: boolean;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('14');
  const submit = useSubmit(onDone);
  const id = path.replace(/\W/g, '-');
  return (
    <form onSubmit={submit.sendTo(path, () => (withDays ? { reason, days: Number(days) } : { reason }))}>
      <p>
        <label htmlFor={`${id}-reason`}>{label}</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          required
        />
      </p>
      {withDays && (
        <p>
          <label htmlFor={`${id}-days`}>Days to add</label>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={366}
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </p>
      )}
      <button type="submit" disabled={submit.busy}>
        {button}
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

/** The type the browser gave, or the one its extension names where it gave none (HEIC, Word). */
function typeOf(file: File): string {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return (UPLOAD_TYPES as readonly string[]).includes(file.type)
    ? file.type
    : (UPLOAD_EXTENSIONS[extension] ?? file.type);
}

type Grant = { index: number; url: string; fields: { [name: string]: string } };

/**
 * Staff files (a statement, a scanned letter, a photo): declared to the API, then each sent straight to storage
 * with its grant. They join the case once the malware scan passes, as internal items the complainant never sees.
 */
function AddFiles({ record, onDone }: { record: Record; onDone: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [description, setDescription] = useState('');
  const [sent, setSent] = useState('');
  const submit = useSubmit(onDone);
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        setSent('');
        void submit.run(async () => {
          const { uploads } = await api<{ uploads: Grant[] }>(`/api/cases/${record.caseId}/uploads`, {
            method: 'POST',
            body: {
              files: files.map((file) => ({
                filename: file.name,
                contentType: typeOf(file),
                size: file.size,
              })),
              description,
            },
          });
          const failed: string[] = [];
          for (const grant of uploads) {
            const file = files[grant.index] as File;
            const body = new FormData();
            for (const [name, value] of Object.entries(grant.fields)) body.append(name, value);
            body.append('file', file); // last: storage ignores fields after the file
            const response = await fetch(grant.url, { method: 'POST', body }).catch(() => undefined);
            if (!response?.ok) failed.push(file.name);
          }
          if (failed.length > 0) throw new ApiError(0, `Could not send ${failed.join(', ')}. Try again.`);
          setSent(
            `Sent. ${uploads.length === 1 ? 'The file joins' : 'The files join'} the case once the malware scan has passed.`,
          );
        });
      }}
    >
      <p>
        <label htmlFor="case-files">Files (photos, PDF or Word; at most 5, 10 MB each)</label>
        <input
          id="case-files"
          type="file"
          multiple
          accept=".jpg,.jpeg,.png,.gif,.webp,.heic,.pdf,.docx"
          onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
        />
      </p>
      <p>
        <label htmlFor="case-files-description">What the files are</label>
        <input
          id="case-files-description"
          type="text"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
        />
      </p>
      <button type="submit" disabled={submit.busy || files.length === 0}>
        Add to the case
      </button>
      <p role="status">{sent}</p>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

/** The patient's consent or the complainant's authority to act for them (functions/core/case/acting-for.ts). */
function Authority({ record, onDone }: { record: Record; onDone: () => void }) {
  const [status, setStatus] = useState(record.authority?.status ?? 'obtained');
  const [basis, setBasis] = useState(record.authority?.basis ?? 'patient-consent');
  const [note, setNote] = useState('');
  const submit = useSubmit(onDone);
  return (
    <form
      onSubmit={submit.sendTo(`/api/cases/${record.caseId}/authority`, () => ({
        status,
        ...(status === 'obtained' ? { basis } : {}),
        ...(note ? { note } : {}),
      }))}
    >
      <p>
        <label htmlFor="authority-status">Consent or authority</label>
        <select
          id="authority-status"
          value={status}
          onChange={(event) => setStatus(event.target.value as never)}
        >
          <option value="pending">Pending</option>
          <option value="obtained">Obtained</option>
          <option value="not-needed">Not needed</option>
          <option value="refused">Refused</option>
        </select>
      </p>
      {status === 'obtained' && (
        <p>
          <label htmlFor="authority-basis">On what basis</label>
          <select
            id="authority-basis"
            value={basis}
            onChange={(event) => setBasis(event.target.value as never)}
          >
            <option value="patient-consent">The patient's consent</option>
            <option value="personal-representative">A personal representative (legal authority)</option>
            <option value="best-interests">The patient's best interests (they cannot consent)</option>
            <option value="other">Other</option>
          </select>
        </p>
      )}
      <Field id="authority-note" label="Note (optional)" value={note} onChange={setNote} />
      <button type="submit" disabled={submit.busy}>
        Record it
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

/** A question to a department, clinician, billing office or insurer; their answer comes back to the case. */
function Refer({ record, onDone }: { record: Record; onDone: () => void }) {
  const [to, setTo] = useState('');
  const [toName, setToName] = useState('');
  const [question, setQuestion] = useState('');
  const [dueDate, setDueDate] = useState('');
  const submit = useSubmit(onDone);
  return (
    <form
      onSubmit={submit.sendTo(`/api/cases/${record.caseId}/referrals`, () => ({
        to,
        ...(toName ? { toName } : {}),
        question,
        dueDate,
      }))}
    >
      <Field id="referral-to" label="Send the question to (email)" value={to} onChange={setTo} type="email" />
      <Field id="referral-name" label="Their name (optional)" value={toName} onChange={setToName} />
      <p>
        <label htmlFor="referral-question">The question (they see this, the complainant does not)</label>
        <textarea
          id="referral-question"
          rows={5}
          value={question}
          onChange={(event) => setQuestion(event.target.value)}
        />
      </p>
      <Field id="referral-due" label="Answer by" value={dueDate} onChange={setDueDate} type="date" />
      <button type="submit" disabled={submit.busy}>
        Send the question
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

/** Where the complainant took the case after our answer, and later what came of it (review/second-stage.ts). */
function SecondStage({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const record = view.case;
  const [body, setBody] = useState(view.secondStageBodies[0]?.id ?? '');
  const [referredOn, setReferredOn] = useState('');
  const [theirReference, setTheirReference] = useState('');
  const submit = useSubmit(onDone);
  return (
    <form
      onSubmit={submit.sendTo(`/api/cases/${record.caseId}/second-stage`, () => ({
        body,
        referredOn,
        ...(theirReference ? { theirReference } : {}),
      }))}
    >
      <p>
        <label htmlFor="second-stage-body">Taken to</label>
        <select id="second-stage-body" value={body} onChange={(event) => setBody(event.target.value)}>
          {view.secondStageBodies.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </p>
      <Field id="second-stage-on" label="On" value={referredOn} onChange={setReferredOn} type="date" />
      <Field
        id="second-stage-ref"
        label="Their case number (optional)"
        value={theirReference}
        onChange={setTheirReference}
      />
      <button type="submit" disabled={submit.busy}>
        Record the referral
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

function SecondStageOutcome({
  caseId,
  secondStageId,
  onDone,
}: {
  caseId: string;
  secondStageId: string;
  onDone: () => void;
}) {
  const [outcome, setOutcome] = useState('upheld');
  const [decidedOn, setDecidedOn] = useState('');
  const submit = useSubmit(onDone);
  const id = `second-stage-${secondStageId}`;
  return (
    <form
      onSubmit={submit.sendTo(
        `/api/cases/${caseId}/second-stage/${secondStageId}`,
        () => ({ outcome, ...(decidedOn ? { decidedOn } : {}) }),
        'PUT',
      )}
    >
      <p>
        <label htmlFor={`${id}-outcome`}>Their decision</label>
        <select id={`${id}-outcome`} value={outcome} onChange={(event) => setOutcome(event.target.value)}>
          {['pending', 'upheld', 'partly-upheld', 'not-upheld', 'not-investigated', 'withdrawn'].map(
            (option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ),
          )}
        </select>
      </p>
      <Field id={`${id}-on`} label="Decided on" value={decidedOn} onChange={setDecidedOn} type="date" />
      <button type="submit" disabled={submit.busy}>
        Record the decision
      </button>
      <Problems error={submit.error} fieldErrors={submit.fieldErrors} />
    </form>
  );
}

/** The learning actions that came from this case, and a new one (learning/learning-actions.ts). */
function CaseLearning({ caseId }: { caseId: string }) {
  const [actions, setActions] = useState<LearningAction[]>([]);
  const load = useCallback(() => {
    api<{ actions: LearningAction[] }>(`/api/actions?${new URLSearchParams({ caseId })}`)
      .then((answer) => setActions(answer.actions))
      .catch(() => setActions([]));
  }, [caseId]);
  useEffect(load, [load]);
  return (
    <>
      <ol>
        {actions.map((action) => (
          <ActionRow key={`${action.actionId}-${action.version}`} action={action} onDone={load} />
        ))}
      </ol>
      <NewAction caseId={caseId} onDone={load} />
    </>
  );
}

/** Everything a surveyor asks about the case, as one PDF (coordinators and managers; the server checks). */
function Packet({ caseId, reference }: { caseId: string; reference: string }) {
  const [error, setError] = useState('');
  return (
    <p>
      <button
        type="button"
        onClick={() =>
          saveFile(`/api/cases/${caseId}/packet`, `${reference}-surveyor-packet.pdf`).catch((failure) =>
            setError(failure instanceof ApiError ? failure.message : 'The download failed.'),
          )
        }
      >
        Download the surveyor packet (PDF)
      </button>
      {error && <span role="alert"> {error}</span>}
    </p>
  );
}

export function CaseActions({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const record = view.case;
  const closed = record.stage === 'closed' || record.stage === 'withdrawn';
  const base = `/api/cases/${record.caseId}`;
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      <Packet caseId={record.caseId} reference={record.reference} />
      {!closed && (
        <Action title="Assign to someone">
          <Assign record={record} onDone={onDone} />
        </Action>
      )}
      <Action title="Correct the record">
        <Correct record={record} onDone={onDone} />
      </Action>
      <Action title="Add files">
        <AddFiles record={record} onDone={onDone} />
      </Action>
      {record.complaint.complainant.relationship !== 'self' && (
        <Action title="Record consent or authority">
          <Authority record={record} onDone={onDone} />
        </Action>
      )}
      {!closed && (
        <Action title="Ask someone (referral)">
          <Refer record={record} onDone={onDone} />
        </Action>
      )}
      {!closed && (
        <Action title="Extend the response time">
          <ReasonForm
            path={`${base}/extension`}
            label="The reason the complainant will be given"
            button="Extend and tell the complainant"
            withDays
            onDone={onDone}
          />
        </Action>
      )}
      {!closed && (
        <Action title="Withdraw the case">
          <ReasonForm
            path={`${base}/withdraw`}
            label="Why it is withdrawn"
            button="Confirm the withdrawal"
            onDone={onDone}
          />
        </Action>
      )}
      <LazyAction title="Code the case (HCAT, subject areas, staff groups)">
        {() => <CaseCodingForm record={record} onDone={onDone} />}
      </LazyAction>
      <LazyAction title="Learning actions from this case">
        {() => <CaseLearning caseId={record.caseId} />}
      </LazyAction>
      <Action title="Record a second-stage referral">
        <SecondStage view={view} onDone={onDone} />
      </Action>
      {(record.secondStages ?? [])
        .filter((stage) => stage.outcome === 'pending')
        .map((stage) => (
          <Action
            key={stage.secondStageId}
            title={`Record the decision (${stage.body}, ${stage.referredOn})`}
          >
            <SecondStageOutcome caseId={record.caseId} secondStageId={stage.secondStageId} onDone={onDone} />
          </Action>
        ))}
      {closed && (
        <Action title="Reopen the case">
          <ReasonForm
            path={`${base}/reopen`}
            label="Why it is reopened"
            button="Confirm the reopening"
            onDone={onDone}
          />
        </Action>
      )}
    </section>
  );
}
