/**
 * Outbound texts as templates staff can edit (issue 15 §2): the complainant's letters (acknowledgement, interim
 * letter, extension, information request, the response and its first draft, the survey), the question to a
 * department (referral) and its reminder, and the staff reminders and escalations (steps and referrals). Each is a versioned template per SLA policy and
 * per facility, kept by a manager in the console with a preview; Liaison ships a US and an NHS wording
 * (template-wording.ts). A case's text comes from its facility's template if there is one, else its policy's, else
 * the shipped wording for its policy.
 *
 * Placeholders are checked when a template is saved: every name must be one the kind offers (a typo would print
 * nothing), the ones a kind cannot do without must be there (a reference, the private link, the approved letter
 * ...), and a response draft must still lay out every element its rules require (the four CMS elements of
 * 42 CFR 482.13(a)(2)(iii), tag A-0123, or SI 2009/309 reg 14): one that would lose one is refused. What each
 * kind offers and requires: template-kinds.ts.
 */
import Mustache from 'mustache';
import * as z from 'zod';
import { type Actor, requireRole } from '../access/roles';
import type { CaseRecord } from '../case/case';
import type { Deps } from '../dependencies';
import { ConflictError, RuleViolationError } from '../errors';
import { readLists } from '../hospital/hospital-lists';
import type { FieldError } from '../intake/complaint';
import type { DocumentChange } from '../ports';
import { SLA_POLICIES, type SlaPolicyId } from '../sla/sla-policies';
import { checkCmsElements, checkNhsElements } from './response-letter';
import {
  type KindRules,
  TEMPLATE_KIND_NAMES,
  TEMPLATE_KINDS,
  type TemplateKind,
  type TemplateText,
} from './template-kinds';
import { SHIPPED_WORDING } from './template-wording';

/** Where an edited template applies: every case of an SLA policy, or of one facility. */
export type TemplateScope = `policy:${SlaPolicyId}` | `facility:${string}`;

export interface StoredTemplate extends TemplateText {
  by: string;
  at: string;
}

export interface Templates {
  version: number;
  /** Edited templates by scope and kind; what is not here is the shipped wording. */
  overrides: Record<string, Partial<Record<TemplateKind, StoredTemplate>>>;
}

export const TEMPLATES_DOCUMENT = 'templates';

/** The wording Liaison ships for the cases of a policy. */
export function shippedTemplate(slaPolicy: SlaPolicyId, kind: TemplateKind): TemplateText {
  return SHIPPED_WORDING[slaPolicy === 'uk-nhs' ? 'nhs' : 'us'][kind];
}

/** Plain text out: letters and emails are text, so nothing is HTML-escaped. */
const PLAIN = { escape: (value: unknown) => String(value) };

export function renderTemplate(template: TemplateText, view: Record<string, unknown>): TemplateText {
  return {
    subject: Mustache.render(template.subject, view, undefined, PLAIN).replace(/\s+/g, ' ').trim(),
    body: Mustache.render(template.body, view, undefined, PLAIN),
  };
}

export async function readTemplates(deps: Deps<'documents'>): Promise<Templates> {
  return (await deps.documents.get<Templates>(TEMPLATES_DOCUMENT)) ?? { version: 0, overrides: {} };
}

/** The template a case's text comes from: its facility's, else its policy's, else the shipped wording. */
export async function templateFor(
  deps: Deps<'documents' | 'lists'>,
  record: Pick<CaseRecord, 'slaPolicy' | 'complaint' | 'triage'>,
  kind: TemplateKind,
): Promise<TemplateText> {
  const templates = await readTemplates(deps);
  const facility = record.triage?.facility ?? record.complaint.facility;
  let facilityId: string | undefined;
  if (facility && Object.keys(templates.overrides).some((scope) => scope.startsWith('facility:'))) {
    const folded = facility.trim().toLocaleLowerCase('en');
    facilityId = (await readLists(deps)).facilities.find(
      (entry) => entry.name.toLocaleLowerCase('en') === folded,
    )?.id;
  }
  return (
    (facilityId ? templates.overrides[`facility:${facilityId}`]?.[kind] : undefined) ??
    templates.overrides[`policy:${record.slaPolicy}`]?.[kind] ??
    shippedTemplate(record.slaPolicy, kind)
  );
}

/** The names a template uses, or the parse error (an unclosed section ...). */
function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  const walk = (tokens: unknown[][]) => {
    for (const token of tokens) {
      if (['name', '&', '#', '^'].includes(token[0] as string))
        names.add(String(token[1]).split('.')[0] as string);
      if (Array.isArray(token[4])) walk(token[4] as unknown[][]);
    }
  };
  walk(Mustache.parse(text) as unknown[][]);
  names.delete('');
  return names;
}

/** What is wrong with a template for a kind, as field errors (none: it may be saved). */
export function checkTemplate(
  kind: TemplateKind,
  template: TemplateText,
  slaPolicy: SlaPolicyId,
): FieldError[] {
  const rules: KindRules = TEMPLATE_KINDS[kind];
  const errors: FieldError[] = [];
  const used = new Set<string>();
  for (const part of ['subject', 'body'] as const) {
    let names: Set<string>;
    try {
      names = namesIn(template[part]);
    } catch (error) {
      errors.push({ field: part, message: `The template cannot be read: ${(error as Error).message}` });
      continue;
    }
    for (const name of names) {
      used.add(name);
      if (!(name in rules.placeholders)) {
        errors.push({
          field: part,
          message: `{{${name}}} is not a placeholder of this template. Use one of: ${Object.keys(rules.placeholders).join(', ')}.`,
        });
      }
    }
  }
  for (const name of rules.required) {
    if (!used.has(name)) errors.push({ field: 'body', message: `The template must use {{${name}}}.` });
  }
  if (errors.length === 0 && kind === 'response-draft') {
    // The draft as a representative would start it: every element its rules require must still be laid out.
    const { body } = renderTemplate(template, rules.sample);
    const missing =
      slaPolicy === 'uk-nhs'
        ? checkNhsElements(body)
        : checkCmsElements(body, {
            contactPerson: {
              name: String(rules.sample.contactName),
              contact: String(rules.sample.contactHow),
            },
            completionDate: '2026-12-05',
          });
    for (const element of missing) {
      errors.push({
        field: 'body',
        message: `The response would lose a required element: ${element.message}`,
      });
    }
  }
  return errors;
}

const ScopeText = z
  .string()
  .regex(/^(policy|facility):[a-z0-9-]{1,100}$/, 'Give the scope as policy:<id> or facility:<id>.');

export const TemplateChange = z.strictObject({
  /** The version the manager edited: a change made meanwhile by someone else is not overwritten (409). */
  version: z.number().int().min(0),
  scope: ScopeText,
  /** Absent: the scope goes back to the shipped wording (or its policy's) for this kind. */
  template: z
    .strictObject({
      subject: z.string().trim().min(1, 'Give the subject.').max(300, 'At most 300 characters.'),
      body: z.string().min(1, 'Give the text.').max(20_000, 'At most 20,000 characters.'),
    })
    .optional(),
});
export type TemplateChange = z.output<typeof TemplateChange>;

export const TemplatePreview = z.strictObject({
  scope: ScopeText,
  subject: z.string().max(300, 'At most 300 characters.'),
  body: z.string().max(20_000, 'At most 20,000 characters.'),
});

/** The policy whose rules a scope's texts follow: its own, or its facility's (or the deployment's). */
async function policyOfScope(deps: Deps<'lists' | 'settings'>, scope: string): Promise<SlaPolicyId> {
  const [kind, id] = scope.split(':') as [string, string];
  if (kind === 'policy') {
    if (!(id in SLA_POLICIES)) {
      throw new RuleViolationError('There is no such SLA policy.', [
        { field: 'scope', message: `Choose one of: ${Object.keys(SLA_POLICIES).join(', ')}.` },
      ]);
    }
    return id as SlaPolicyId;
  }
  const facility = (await readLists(deps)).facilities.find((entry) => entry.id === id);
  if (!facility) {
    throw new RuleViolationError('There is no such facility.', [
      { field: 'scope', message: 'Choose a facility of the hospital lists.' },
    ]);
  }
  return facility.slaPolicy ?? deps.settings.slaPolicy;
}

export function assertKind(kind: string): TemplateKind {
  if (!(kind in TEMPLATE_KINDS)) {
    throw new RuleViolationError('There is no such template.', [
      { field: 'kind', message: `Choose one of: ${TEMPLATE_KIND_NAMES.join(', ')}.` },
    ]);
  }
  return kind as TemplateKind;
}

const CONFLICT = 'Someone else changed the templates meanwhile. Reload them and make your change again.';

/** `PUT /api/templates/{kind}`: a manager saves a scope's template (checked), or resets it. Every change kept. */
export async function changeTemplate(
  deps: Deps<'documents' | 'lists' | 'clock' | 'settings'>,
  input: { actor: Actor; kind: string; request: TemplateChange },
): Promise<Templates> {
  const { actor, request } = input;
  requireRole(actor, ['manager'], 'change the templates');
  const kind = assertKind(input.kind);
  const slaPolicy = await policyOfScope(deps, request.scope);
  if (request.template) {
    const errors = checkTemplate(kind, request.template, slaPolicy);
    if (errors.length > 0) throw new RuleViolationError('The template cannot be saved as it is.', errors);
  }
  const before = await readTemplates(deps);
  if (before.version !== request.version) throw new ConflictError(CONFLICT);
  const at = deps.clock.now().toISOString();
  const scoped = { ...(before.overrides[request.scope] ?? {}) };
  if (request.template) scoped[kind] = { ...request.template, by: actor.userId, at };
  else delete scoped[kind];
  const after: Templates = {
    version: before.version + 1,
    overrides: { ...before.overrides, [request.scope]: scoped },
  };
  const change: DocumentChange = {
    at,
    by: actor.userId,
    byName: actor.name,
    version: after.version,
    before,
    after,
  };
  if (!(await deps.documents.save(TEMPLATES_DOCUMENT, after, before.version, change))) {
    throw new ConflictError(CONFLICT);
  }
  return after;
}

/** `POST /api/templates/{kind}/preview`: the text as the sample case would get it, and what a save would refuse. */
export async function previewTemplate(
  deps: Deps<'lists' | 'settings'>,
  input: { actor: Actor; kind: string; request: z.output<typeof TemplatePreview> },
): Promise<TemplateText & { problems: FieldError[] }> {
  requireRole(input.actor, ['coordinator', 'manager'], 'preview templates');
  const kind = assertKind(input.kind);
  const slaPolicy = await policyOfScope(deps, input.request.scope);
  const template = { subject: input.request.subject, body: input.request.body };
  const problems = checkTemplate(kind, template, slaPolicy);
  if (problems.some((problem) => problem.message.startsWith('The template cannot be read'))) {
    return { subject: '', body: '', problems };
  }
  return { ...renderTemplate(template, TEMPLATE_KINDS[kind].sample), problems };
}

/**
 * `GET /api/templates`: the kinds with their placeholders, the scopes (each policy, each facility, with the policy
 * its texts follow), the shipped wording, and the edited templates.
 */
export async function templatesForConsole(deps: Deps<'documents' | 'lists' | 'settings'>, actor: Actor) {
  requireRole(actor, ['coordinator', 'manager'], 'read the templates');
  const [templates, changes, lists] = await Promise.all([
    readTemplates(deps),
    deps.documents.recentChanges(TEMPLATES_DOCUMENT, 20),
    readLists(deps),
  ]);
  const scopes = [
    ...Object.entries(SLA_POLICIES).map(([id, policy]) => ({
      scope: `policy:${id}`,
      label: `Every case under ${policy.name}`,
      slaPolicy: id as SlaPolicyId,
    })),
    ...lists.facilities
      .filter((facility) => facility.active)
      .map((facility) => ({
        scope: `facility:${facility.id}`,
        label: `Cases of ${facility.name}`,
        slaPolicy: facility.slaPolicy ?? deps.settings.slaPolicy,
      })),
  ];
  return {
    scopes,
    kinds: TEMPLATE_KIND_NAMES.map((kind) => {
      const { label, audience, placeholders, required } = TEMPLATE_KINDS[kind] as KindRules;
      return { kind, label, audience, placeholders, required };
    }),
    shipped: SHIPPED_WORDING,
    templates,
    changes: changes.map(({ at, by, byName, version }) => ({ at, by, byName, version })),
  };
}
