// The complainant's status page. The private token is in the link's fragment (#...), which browsers never send
// to servers; it goes to the API in a POST body only. Everything shown is set as text, never as HTML.
/** Who a message is from, as the status page says it (a shared message was written by someone else). */
const WHO_WROTE = {
  you: 'You wrote',
  us: 'We wrote',
  shared: 'Shared by our team (written by someone else)',
};

const token = window.location.hash.slice(1);
// A different link pasted into the same tab: start again with its token.
window.addEventListener('hashchange', () => window.location.reload());
const byId = (id) => document.getElementById(id);

function dateText(iso) {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full' }).format(new Date(iso));
}

function showProblem(message) {
  const problem = byId('problem');
  problem.textContent = message;
  problem.hidden = false;
  problem.focus();
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(data.detail ?? 'Something went wrong.'), { data });
  return data;
}

async function load() {
  byId('loading').hidden = true;
  if (!token) return showProblem('This page needs the private link from our email.');
  try {
    const view = await post('/api/status', { token });
    byId('reference').textContent = view.reference;
    byId('stage').textContent = view.stage;
    byId('received').textContent = dateText(view.receivedAt);
    byId('respond').textContent = view.respondBy ? dateText(view.respondBy) : 'Our response has been sent';
    byId('description').textContent = view.description;
    const list = byId('messages');
    list.replaceChildren(
      ...view.messages.map((message) => {
        const item = document.createElement('li');
        const heading = document.createElement('p');
        heading.textContent = `${WHO_WROTE[message.from] ?? 'We wrote'} on ${dateText(message.at)}: ${message.subject}`;
        const text = document.createElement('p');
        text.className = 'text';
        text.textContent = message.text;
        item.append(heading, text);
        return item;
      }),
    );
    showSurvey(view.survey);
    byId('case').hidden = false;
  } catch (error) {
    showProblem(error.message);
  }
}

/** The survey, once we have asked for it: the form, or their answer with our thanks. */
function showSurvey(survey) {
  byId('survey').hidden = !survey;
  if (!survey) return;
  const answered = survey.answered;
  byId('survey-form').hidden = Boolean(answered);
  byId('survey-thanks').textContent = answered
    ? `Thank you for your answer: you gave us ${answered.score} out of 5.`
    : '';
}

byId('survey-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const chosen = document.querySelector('input[name="score"]:checked');
  const error = byId('score-error');
  error.hidden = true;
  if (!chosen) {
    error.textContent = 'Choose a score from 1 to 5.';
    error.hidden = false;
    document.getElementById('score-1').focus();
    return;
  }
  const comment = byId('survey-comment').value.trim();
  try {
    await post('/api/status/survey', { token, score: Number(chosen.value), ...(comment ? { comment } : {}) });
    await load();
  } catch (failure) {
    showProblem(failure.message);
  }
});

byId('add-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = byId('text').value.trim();
  const error = byId('text-error');
  error.hidden = true;
  byId('text').removeAttribute('aria-invalid');
  if (!text) {
    error.textContent = 'Write something to send.';
    error.hidden = false;
    byId('text').setAttribute('aria-invalid', 'true');
    byId('text').setAttribute('aria-describedby', 'text-error');
    byId('text').focus();
    return;
  }
  try {
    await post('/api/status/messages', { token, text });
    byId('text').value = '';
    byId('sent').textContent = 'Thank you. We have added this to your case.';
    await load();
  } catch (failure) {
    showProblem(failure.message);
  }
});

load();
