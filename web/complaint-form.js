// The complaint form: builds the JSON the API expects (functions/core/complaint.ts), checks the obvious before
// sending (the server stays the judge), and shows every error next to its field and in a summary at the top.
const form = document.getElementById('complaint-form');
const summary = document.getElementById('error-summary');
const summaryList = document.getElementById('error-list');
const patientSection = document.getElementById('patient-section');
const submitButton = document.getElementById('submit');
const sending = document.getElementById('sending');

// One key per filled-in form: a double click or a retry after a network error cannot create two cases.
let idempotencyKey = crypto.randomUUID();
form.addEventListener('input', () => {
  idempotencyKey = crypto.randomUUID();
});

function value(name) {
  const element = form.elements.namedItem(name);
  const text = element && 'value' in element ? element.value.trim() : '';
  return text === '' ? undefined : text;
}

function relationship() {
  return form.querySelector('input[name="complainant.relationship"]:checked')?.value;
}

function showPatientSection() {
  patientSection.hidden = relationship() === 'self';
}
form.addEventListener('change', showPatientSection);
showPatientSection();

// The hospital's own lists as suggestions; without them (offline, an error) the fields are plain text.
async function offerLists() {
  try {
    const response = await fetch('/api/lists');
    if (!response.ok) return;
    const lists = await response.json();
    for (const [listId, names] of [
      ['facility-options', lists.facilities],
      ['department-options', lists.departments],
    ]) {
      const datalist = document.getElementById(listId);
      for (const name of names ?? []) {
        const option = document.createElement('option');
        option.value = name; // a property, never markup: the names are text
        datalist.append(option);
      }
    }
  } catch {
    // Suggestions only.
  }
}
offerLists();

// The types and limits of functions/core/uploads/upload-rules.ts (UPLOAD_EXTENSIONS), for this page without a
// bundler; browsers often leave HEIC and Word types blank.
const UPLOAD_TYPES = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const MAX_FILES = 5;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

function chosenFiles() {
  return [...(document.getElementById('attachments').files ?? [])];
}

function typeOf(file) {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return Object.values(UPLOAD_TYPES).includes(file.type) ? file.type : (UPLOAD_TYPES[extension] ?? file.type);
}

function buildComplaint() {
  const complaint = {
    complainant: {
      name: value('complainant.name') ?? '',
      email: value('complainant.email') ?? '',
      phone: value('complainant.phone'),
      relationship: relationship(),
    },
    facility: value('facility'),
    department: value('department'),
    incidentDate: value('incidentDate'),
    description: value('description') ?? '',
    desiredOutcome: value('desiredOutcome'),
    contactPreference: form.querySelector('input[name="contactPreference"]:checked')?.value,
  };
  const files = chosenFiles();
  if (files.length > 0) {
    complaint.attachments = files.map((file) => ({
      filename: file.name,
      contentType: typeOf(file),
      size: file.size,
    }));
  }
  if (relationship() !== 'self') {
    complaint.patient = {
      name: value('patient.name') ?? '',
      dateOfBirth: value('patient.dateOfBirth'),
      mrn: value('patient.mrn'),
    };
  }
  return complaint;
}

/** The same rules as the server, for the mistakes people make most; the server checks everything again. */
function checkComplaint(complaint) {
  const errors = [];
  if (!complaint.complainant.name)
    errors.push({ field: 'complainant.name', message: 'Your name is required.' });
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(complaint.complainant.email)) {
    errors.push({ field: 'complainant.email', message: 'Enter an email address like name@example.com.' });
  }
  if (complaint.contactPreference === 'phone' && !complaint.complainant.phone) {
    errors.push({
      field: 'complainant.phone',
      message: 'Give a phone number if you would like us to call you.',
    });
  }
  if (complaint.patient && !complaint.patient.name) {
    errors.push({ field: 'patient.name', message: "The patient's name is required." });
  }
  if (!complaint.description) {
    errors.push({ field: 'description', message: 'A description of your concern is required.' });
  }
  const files = complaint.attachments ?? [];
  if (files.length > MAX_FILES) {
    errors.push({ field: 'attachments', message: `Attach at most ${MAX_FILES} files.` });
  }
  for (const file of files) {
    if (!Object.values(UPLOAD_TYPES).includes(file.contentType)) {
      errors.push({
        field: 'attachments',
        message: `${file.filename}: attach a photo (JPEG, PNG, GIF, WebP, HEIC), a PDF or a Word document.`,
      });
    } else if (file.size > MAX_FILE_BYTES) {
      errors.push({ field: 'attachments', message: `${file.filename}: each file must be at most 10 MB.` });
    } else if (file.size === 0) {
      errors.push({ field: 'attachments', message: `${file.filename}: the file is empty.` });
    }
  }
  return errors;
}

function clearErrors() {
  summary.hidden = true;
  summaryList.replaceChildren();
  for (const element of form.querySelectorAll('.error')) {
    element.hidden = true;
    element.textContent = '';
  }
  for (const element of form.querySelectorAll('[aria-invalid]')) {
    element.removeAttribute('aria-invalid');
    const describedBy = (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (describedBy.length > 0) element.setAttribute('aria-describedby', describedBy.join(' '));
    else element.removeAttribute('aria-describedby');
  }
}

/** Sends each file with its grant (a form post straight to storage); says which, if any, did not go. */
async function sendFiles(grants) {
  const files = chosenFiles();
  const status = document.getElementById('upload-status');
  const failed = [];
  for (const grant of grants ?? []) {
    const file = files[grant.index];
    if (!file) continue;
    const body = new FormData();
    for (const [name, fieldValue] of Object.entries(grant.fields)) body.append(name, fieldValue);
    body.append('file', file); // last: storage ignores fields after the file
    try {
      const response = await fetch(grant.url, { method: 'POST', body });
      if (!response.ok) failed.push(file.name);
    } catch {
      failed.push(file.name);
    }
  }
  if (failed.length > 0) {
    status.textContent = `We could not send ${failed.join(', ')}. You can email it to us quoting your reference.`;
  } else if ((grants ?? []).length > 0) {
    status.textContent = `Your ${grants.length === 1 ? 'file has' : `${grants.length} files have`} been sent.`;
  }
}

function showErrors(errors) {
  clearErrors();
  for (const raw of errors) {
    // The server names each file's fields (attachments.0.size); the form has one file field.
    const error = raw.field?.startsWith('attachments') ? { ...raw, field: 'attachments' } : raw;
    const fieldId = error.field || 'complaint-form';
    const control = document.getElementById(fieldId);
    const message = document.getElementById(`${error.field}-error`);
    if (message) {
      // Several errors can share a field (one per file): show them all.
      message.textContent = message.hidden ? error.message : `${message.textContent} ${error.message}`;
      message.hidden = false;
    }
    if (control && control !== form) {
      control.setAttribute('aria-invalid', 'true');
      const describedBy = new Set(
        (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean),
      );
      if (message) describedBy.add(message.id);
      control.setAttribute('aria-describedby', [...describedBy].join(' '));
    }
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `#${control && control !== form ? control.id : 'complaint-form'}`;
    link.textContent = error.message; // text, never HTML
    item.append(link);
    summaryList.append(item);
  }
  summary.hidden = false;
  summary.focus();
}

summaryList.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  if (!link) return;
  event.preventDefault();
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  const focusable = target?.matches('fieldset') ? target.querySelector('input') : target;
  focusable?.focus();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const complaint = buildComplaint();
  const problems = checkComplaint(complaint);
  if (problems.length > 0) return showErrors(problems);

  submitButton.disabled = true;
  sending.textContent = 'Sending...';
  try {
    const response = await fetch('/api/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(complaint),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 201) {
      clearErrors();
      document.getElementById('reference').textContent = body.reference;
      form.hidden = true;
      const confirmation = document.getElementById('confirmation');
      confirmation.hidden = false;
      confirmation.focus();
      await sendFiles(body.uploads);
      return;
    }
    if (response.status === 400 && Array.isArray(body.errors)) return showErrors(body.errors);
    showErrors([
      { field: '', message: body.detail ?? 'Something went wrong. Please try again, or call us.' },
    ]);
  } catch {
    showErrors([
      { field: '', message: 'We could not reach our service. Check your connection and try again.' },
    ]);
  } finally {
    submitButton.disabled = false;
    sending.textContent = '';
  }
});
