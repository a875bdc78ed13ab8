/**
 * The committee pack for one month (issue 15 §6): what a quality committee or board reads. It gives the volumes by
 * channel and type, timeliness against each clock, breaches, outcomes, themes by category and department,
 * compliments by who was thanked, survey scores, cases taken further after our answer, and the learning actions
 * open, overdue and done. It reads the month's counters and breakdowns (kept as the events happen) and the
 * actions' index; no case is read. As JSON for the screen, as PDF to circulate. Counts under 5 can be suppressed
 * for publication (`suppressSmall`), shown as "fewer than 5".
 */
import { DateTime } from 'luxon';
import { hospitalToday } from '../access/cover';
import { type Actor, requireRole } from '../access/roles';
import type { Deps } from '../dependencies';
import { RuleViolationError } from '../errors';
import type { LearningAction } from '../learning/learning-actions';
import { PdfWriter } from '../letters/pdf-writer';
import { type Breakdown, dashboardFrom } from './statistics';

/** A count as published: the number, or "fewer than 5" when small counts are suppressed. */
export type Count = number | 'fewer than 5';

export interface CommitteePack {
  month: string;
  suppressed: boolean;
  received: Count;
  byChannel: Record<string, Count>;
  byType: Record<string, Count>;
  /** Percent on time, by clock; null where nothing was measured. */
  compliance: Record<'acknowledge' | 'respond' | 'resolve', number | null>;
  breaches: Count;
  outcomes: Record<string, Count>;
  byCategory: Record<string, Count>;
  byDepartment: Record<string, Count>;
  thanked: Record<string, Count>;
  survey: { responses: Count; averageScore: number | null };
  secondStage: Record<string, Count>;
  actions: {
    open: number;
    overdue: Pick<LearningAction, 'actionId' | 'title' | 'dueDate' | 'owner' | 'source'>[];
    doneThisMonth: number;
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const THEMES = 10;

export async function committeePack(
  deps: Deps<'statistics' | 'actions' | 'clock' | 'settings'>,
  actor: Actor,
  query: { month: string; suppressSmall?: boolean },
): Promise<CommitteePack> {
  requireRole(actor, ['coordinator', 'manager'], 'read the committee pack');
  if (!MONTH.test(query.month)) {
    throw new RuleViolationError('Give the month as YYYY-MM.', [
      { field: 'month', message: 'Use the form YYYY-MM.' },
    ]);
  }
  const period = `month:${query.month}`;
  const [stats, category, department, thanked, open, done] = await Promise.all([
    deps.statistics.getStatistics([period]),
    deps.statistics.getBreakdown(period, 'category', THEMES),
    deps.statistics.getBreakdown(period, 'department', THEMES),
    deps.statistics.getBreakdown(period, 'thanked', THEMES),
    deps.actions.listByStatus('open', 500),
    deps.actions.listByStatus('done', 500),
  ]);
  const counters = stats[0]?.counters ?? {};
  const [month] = dashboardFrom(
    [{ period, counters }],
    undefined,
    {},
    { category: {}, department: {}, facility: {}, thanked: {} },
  ).months;
  const count = (value: number): Count =>
    query.suppressSmall && value > 0 && value < 5 ? 'fewer than 5' : value;
  const prefixed = (prefix: string) =>
    Object.fromEntries(
      Object.entries(counters)
        .filter(([name]) => name.startsWith(`${prefix}:`))
        .map(([name, value]) => [name.slice(prefix.length + 1), count(value)]),
    );
  const published = (breakdown: Breakdown) =>
    Object.fromEntries(Object.entries(breakdown).map(([label, value]) => [label, count(value)]));
  const today = hospitalToday(deps);
  return {
    month: query.month,
    suppressed: query.suppressSmall === true,
    received: count(counters.received ?? 0),
    byChannel: prefixed('channel'),
    byType: prefixed('type'),
    compliance: month?.compliance ?? { acknowledge: null, respond: null, resolve: null },
    breaches: count(counters.breaches ?? 0),
    outcomes: prefixed('outcome'),
    byCategory: published(category),
    byDepartment: published(department),
    thanked: published(thanked),
    survey: {
      responses: count(month?.survey.responses ?? 0),
      averageScore: month?.survey.averageScore ?? null,
    },
    secondStage: prefixed('secondStage'),
    actions: {
      open: open.length,
      overdue: open
        .filter((action) => action.dueDate < today)
        .map(({ actionId, title, dueDate, owner, source }) => ({ actionId, title, dueDate, owner, source })),
      doneThisMonth: done.filter((action) => action.completedOn?.startsWith(query.month)).length,
    },
  };
}

/** The pack as a document to circulate. */
export async function committeePackPdf(
  pack: CommitteePack,
  settings: { organizationName: string },
): Promise<Uint8Array> {
  const title = DateTime.fromISO(`${pack.month}-01`).setLocale('en-GB').toFormat('LLLL yyyy');
  const pdf = await PdfWriter.create('a4', `Patient relations committee pack, ${title}`);
  pdf.paragraph(settings.organizationName, { size: 10 });
  pdf.paragraph(`Patient relations: committee pack for ${title}`, { font: pdf.bold, size: 18, after: 6 });
  if (pack.suppressed)
    pdf.paragraph('Counts from 1 to 4 are shown as "fewer than 5".', { size: 9, after: 6 });
  const table = (rows: Record<string, Count>) =>
    Object.entries(rows).map(([label, value]) => [label, String(value)] as [string, string]);
  const percent = (value: number | null) => (value === null ? 'nothing measured' : `${value}%`);
  pdf.heading('Volumes');
  pdf.rows([['Received', String(pack.received)], ...table(pack.byChannel), ...table(pack.byType)]);
  pdf.heading('Timeliness');
  pdf.rows([
    ['Acknowledged on time', percent(pack.compliance.acknowledge)],
    ['Answered on time', percent(pack.compliance.respond)],
    ['Resolved on time', percent(pack.compliance.resolve)],
    ['Breaches escalated', String(pack.breaches)],
  ]);
  pdf.heading('Outcomes');
  pdf.rows(table(pack.outcomes));
  pdf.heading('Themes by category');
  pdf.rows(table(pack.byCategory));
  pdf.heading('Themes by department');
  pdf.rows(table(pack.byDepartment));
  pdf.heading('Compliments, by who was thanked');
  pdf.rows(table(pack.thanked));
  pdf.heading('Survey');
  pdf.rows([
    ['Answers', String(pack.survey.responses)],
    ['Mean score (1 to 5)', pack.survey.averageScore === null ? '-' : String(pack.survey.averageScore)],
  ]);
  pdf.heading('Taken further after our answer');
  pdf.rows(table(pack.secondStage));
  pdf.heading('Learning actions');
  pdf.rows([
    ['Open', String(pack.actions.open)],
    ['Done this month', String(pack.actions.doneThisMonth)],
    ['Overdue', String(pack.actions.overdue.length)],
  ]);
  for (const action of pack.actions.overdue) {
    pdf.paragraph(
      `${action.title}: due ${action.dueDate}, owner ${action.owner.name}${action.source.reference ? `, from ${action.source.reference}` : ''}${action.source.theme ? `, theme ${action.source.theme}` : ''}`,
      { size: 10, indent: 12 },
    );
  }
  return pdf.save((page, of) => `Committee pack ${pack.month} · page ${page} of ${of}`);
}
