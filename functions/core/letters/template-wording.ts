/**
 * The wording Liaison ships (issue 15 §2), as data: a US set (42 CFR 482.13; Medicare Advantage 42 CFR 422.564)
 * and an NHS England set (SI 2009/309). A hospital changes any of them in the console, per SLA policy or per
 * facility (letters/templates.ts); these are where every deployment starts and what "reset" goes back to.
 * Placeholders are Mustache: {{name}} a value, {{#flag}}...{{/flag}} shown when set, {{^flag}}...{{/flag}} when
 * not. Subjects of letters to the complainant get " [reference]" added by Liaison (replies thread by it).
 */
import type { TemplateKind, TemplateText } from './template-kinds';

const SIGN_OFF = 'Patient Relations, {{organizationName}}';
const QUESTIONS =
  'If you have any questions, call us on {{organizationPhone}} or reply to this email, keeping {{reference}} in the subject line.';

const ACKNOWLEDGEMENT_OPENING = `Dear {{complainantName}},

Thank you for contacting {{organizationName}}. We have received your {{#isGrievance}}complaint{{/isGrievance}}{{^isGrievance}}message{{/isGrievance}} and opened case {{reference}}.
Please quote this reference if you contact us about it.

What happens next
- A member of our patient relations team will review what you told us and look into it.
{{#isGrievance}}
- We will write to you with the outcome{{#respondBy}} by {{respondBy}}{{/respondBy}}. If we need more time, we will write before then to tell you why and when to expect our answer.
{{/isGrievance}}
{{^isGrievance}}
- We will contact you{{#respondBy}} by {{respondBy}}{{/respondBy}}.
{{/isGrievance}}
- If we need more information, we will contact you in the way you asked us to.

{{#byPost}}
How to reach us
- Phone: {{organizationPhone}}, quoting {{reference}}.
- Write to us, or email {{inboundAddress}} with {{reference}} in the subject line.
{{/byPost}}
{{^byPost}}
Follow your case
- See where your case stands and add information: {{statusLink}}
  This link is private to you. Please do not share it.

Other ways to reach us
- Phone: {{organizationPhone}}
- Reply to this email, keeping {{reference}} in the subject line.
{{/byPost}}
`;

const ACKNOWLEDGEMENT_CLOSING = `
{{#byPost}}
Please do not send medical records by email; we can arrange a secure way.
{{/byPost}}
{{^byPost}}
Please do not send medical records by email unless we ask for them; we can arrange a secure way.
{{/byPost}}

${SIGN_OFF}`;

const letter = (paragraphs: string) => `Dear {{complainantName}},

${paragraphs}

${QUESTIONS}

${SIGN_OFF}`;

/** What both sets share: the complainant's letters around the words that differ, and the staff notices. */
const COMMON: Record<Exclude<TemplateKind, 'acknowledgement' | 'response-draft'>, TemplateText> = {
  'interim-letter': {
    subject: 'We are still looking into your complaint',
    body: letter(`We have not yet finished looking into your complaint (reference {{reference}}). We are still working on it.

We expect to send you our written response by {{expectedBy}}.`),
  },
  'extension-notice': {
    subject:
      'We need more time to answer your {{#isRequest}}request{{/isRequest}}{{^isRequest}}complaint{{/isRequest}}',
    body: letter(`{{#isRequest}}We need more time to answer your request.{{/isRequest}}{{^isRequest}}We need more time to look into your complaint properly.{{/isRequest}} {{reason}}

We now expect to send you our written {{#isRequest}}answer{{/isRequest}}{{^isRequest}}response{{/isRequest}} by {{newDueBy}}.`),
  },
  'information-request': {
    subject: 'We need some more information',
    body: letter('{{message}}'),
  },
  response: {
    subject: 'Our response to your complaint',
    body: '{{letter}}',
  },
  survey: {
    subject: 'How did we do?',
    body: letter(`Your case has been closed. We would like to know how you found the way we handled it.

{{#surveyLink}}
Please give us a score from 1 (very poor) to 5 (very good), and anything you would like to tell us, on your private page: {{surveyLink}}
This link is private to you. Please do not share it.
{{/surveyLink}}
{{^surveyLink}}
Please call us on {{organizationPhone}}, or write to us quoting {{reference}}, with a score from 1 (very poor) to 5 (very good) and anything you would like to tell us.
{{/surveyLink}}`).replace('\n\n\n', '\n\n'),
  },
  'referral-request': {
    subject: 'A question about case {{reference}}, please answer by {{dueBy}}',
    body: `{{#recipientName}}Dear {{recipientName}},{{/recipientName}}{{^recipientName}}Hello,{{/recipientName}}

{{askedBy}} of {{organizationName}} Patient Relations asks for your help with case {{reference}}:

{{question}}

Please reply to this email by {{dueBy}}. Your answer goes on the case for the patient relations team only: the complainant does not see it.`,
  },
  'track-notice-request': {
    subject: 'Your request for information',
    body: letter(`We have passed your request (reference {{reference}}) to our {{department}}.

We will answer it{{#dueBy}} by {{dueBy}}{{/dueBy}}. If we need longer, we will write to you before then to tell you why and when you will have our answer.`),
  },
  'track-notice-appointment': {
    subject: 'Your appointment',
    body: letter(`We have passed what you told us about your appointment (reference {{reference}}) to our {{department}} team.

They or we will contact you{{#dueBy}} by {{dueBy}}{{/dueBy}}.`),
  },
  'track-notice-billing': {
    subject: 'Your billing question',
    body: letter(`We have passed your question (reference {{reference}}) to our {{department}}. If it concerns what your insurer pays, we may ask them too.

We will contact you{{#dueBy}} by {{dueBy}}{{/dueBy}}.`),
  },
  'track-notice-property': {
    subject: 'Your lost property',
    body: letter(`We have logged the item you told us you lost (reference {{reference}}) and our {{department}} team is looking for it.

We will tell you{{#dueBy}} by {{dueBy}}{{/dueBy}} whether we have found it.`),
  },
  'track-notice-thanks': {
    subject: 'Thank you',
    body: letter(`Thank you for taking the time to tell us (reference {{reference}}).

We will pass your kind words on to the people you named and to their team.`),
  },
  'track-notice-suggestion': {
    subject: 'Thank you for your suggestion',
    body: letter(`Thank you for your suggestion (reference {{reference}}).

We will pass it on to the team concerned, who will consider it.`),
  },
  'property-found': {
    subject: 'We have found your property',
    body: letter(`We have found the item you told us you lost.

You can collect it from {{heldAt}}; please bring proof of identity, or call us to arrange another way.{{#heldUntil}} We will keep it until {{heldUntil}}.{{/heldUntil}}`),
  },
  'property-not-found': {
    subject: 'Your lost property',
    body: letter(`We are sorry: we have not found the item you told us you lost.

If it is handed in later, we will contact you.`),
  },
  'passed-on-thanks': {
    subject: 'Thank you',
    body: letter('We have passed your thanks on to {{passedTo}}. Thank you again.'),
  },
  'passed-on-suggestion': {
    subject: 'Thank you for your suggestion',
    body: letter('We have passed your suggestion on to {{passedTo}}. Thank you again.'),
  },
  'track-answer': {
    subject: '{{trackSubject}}',
    body: letter('{{answer}}'),
  },
  'referral-reminder': {
    subject: 'Reminder: your answer about case {{reference}} is due {{dueBy}}',
    body: `{{#recipientName}}Dear {{recipientName}},{{/recipientName}}{{^recipientName}}Hello,{{/recipientName}}

{{askedBy}} of {{organizationName}} Patient Relations asked for your help with case {{reference}} and is waiting for your answer, due {{dueBy}}.

Please reply to their email, or to this one: your answer goes on the case for the patient relations team only.`,
  },
  'referral-overdue': {
    subject: 'Overdue: a referral on case {{reference}} was due {{dueBy}}',
    body: `The question {{askedBy}} asked {{askedWhom}} about case {{reference}} was due {{dueBy}} and has not been answered.

Open the case: {{consoleLink}}`,
  },
  'staff-reminder': {
    subject: 'Reminder: {{step}} due for {{reference}}',
    body: `The {{stepLowerCase}} step of case {{reference}} is due {{dueAt}}.

Open the case: {{consoleLink}}

Case details are in the console only; this email deliberately contains none.`,
  },
  'staff-escalation': {
    subject: 'Escalation: {{step}} overdue for {{reference}}',
    body: `The {{stepLowerCase}} step of case {{reference}} was due {{dueAt}} and is not done.

Open the case: {{consoleLink}}

Case details are in the console only; this email deliberately contains none.`,
  },
  'staff-second-escalation': {
    subject: 'Second escalation: {{step}} still overdue for {{reference}}',
    body: `The {{stepLowerCase}} step of case {{reference}} was due {{dueAt}} and is not done.

Open the case: {{consoleLink}}

Case details are in the console only; this email deliberately contains none.`,
  },
};

const US_RESPONSE_DRAFT = `Dear {{complainantName}},

Re: your {{#isGrievance}}grievance{{/isGrievance}}{{^isGrievance}}concern{{/isGrievance}}, reference {{reference}}

Thank you for telling us about your experience at {{organizationName}}. This letter explains what we did and what we found.

How we looked into your concern
{{stepsTaken}}

What we found
{{findings}}

Who to contact
If you have any questions about this letter, please contact {{contactName}}, {{contactHow}}.

Date our review was completed
{{completionDate}}

If you are not satisfied with our response, you may contact your State survey agency or the Quality
Improvement Organization (QIO) at any time.

Yours sincerely,
${SIGN_OFF}`;

const NHS_RESPONSE_DRAFT = `Dear {{complainantName}},

Re: your complaint, reference {{reference}}

Thank you for telling us about your experience at {{organizationName}}. This letter explains how we considered your complaint, what we concluded and what we are doing about it.

How we considered your complaint
{{stepsTaken}}

What we concluded
{{findings}}

What we have done and will do
{{actions}}

Who to contact
If you have any questions about this letter, please contact {{contactName}}, {{contactHow}}.

If you are still not satisfied
We would be glad to talk with you about this response. If you remain unhappy, you have the right to ask
the Parliamentary and Health Service Ombudsman to look at your complaint: www.ombudsman.org.uk,
0345 015 4033.

Date: {{completionDate}}

Yours sincerely,

Chief Executive (the responsible person), {{organizationName}}`;

export const SHIPPED_WORDING: Record<'us' | 'nhs', Record<TemplateKind, TemplateText>> = {
  us: {
    ...COMMON,
    acknowledgement: {
      subject: 'We have received your complaint',
      body: `${ACKNOWLEDGEMENT_OPENING}
{{#medicareAdvantage}}
If your complaint is about the quality of your care, you may also contact the Quality Improvement
Organization (QIO) at any time, whether or not you have used our process.
{{/medicareAdvantage}}
{{^medicareAdvantage}}
You may also contact your State survey agency or the Quality Improvement Organization (QIO) at any time,
whether or not you have used our process.
{{/medicareAdvantage}}
${ACKNOWLEDGEMENT_CLOSING}`,
    },
    'response-draft': { subject: 'Our response to your complaint', body: US_RESPONSE_DRAFT },
  },
  nhs: {
    ...COMMON,
    acknowledgement: {
      subject: 'We have received your complaint',
      body: `${ACKNOWLEDGEMENT_OPENING}
We would like to talk with you about how we will look into your complaint and when you can expect our
response. Please call us, or reply, to arrange a time.

If you are not satisfied with our final response, you can ask the Parliamentary and Health Service
Ombudsman to look at your complaint.
${ACKNOWLEDGEMENT_CLOSING}`,
    },
    'response-draft': { subject: 'Our response to your complaint', body: NHS_RESPONSE_DRAFT },
  },
};
