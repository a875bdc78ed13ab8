/**
 * The draft annual report on complaints (SI 2009/309 reg 18; shared notes "reporting.md"), for the year to 31
 * March: (a) the number of complaints received; (b) the number decided well-founded; (c) the number the body was
 * told were referred to the Health Service Commissioner (the Ombudsman); (d) a summary of (i) their subject
 * matter, (ii) matters of general importance arising from them or how they were handled, and (iii) action taken
 * or to be taken to improve services. A draft: the numbers and lists are Liaison's, the words around them a
 * starting point for whoever publishes it. As JSON for the screen, as PDF to edit and send.
 *
 * Counts the same complaints as the KO41a return (ko41a-return.ts): the figures agree.
 */
import { DateTime } from 'luxon';
import { type Actor, requireRole } from '../access/roles';
import { CLOSURE_OUTCOMES } from '../case/case';
import { HARM_LEVELS } from '../coding/code-lists';
import type { Deps } from '../dependencies';
import type { LearningAction } from '../learning/learning-actions';
import { PdfWriter } from '../letters/pdf-writer';
import { type CaseFacts, OMBUDSMAN } from './case-facts';
import { returnCases } from './ko41a-return';
import { reportYear } from './report-year';

export interface Theme {
  code: string;
  name: string;
  count: number;
}

export interface AnnualReport {
  year: string;
  firstDay: string;
  lastDay: string;
  organisation: string;
  /** (a) */
  received: number;
  /** (b): upheld or partly upheld, decided in the year. */
  wellFounded: number;
  /** Decided in the year with a finding (what (b) is a part of). */
  decided: number;
  /** (c): referrals to the Ombudsman recorded in the year (the dashboard's counters). */
  referredToOmbudsman: number;
  /** (d)(i): the subject areas of the complaints received, most frequent first. */
  subjects: Theme[];
  /** (d)(ii) */
  matters: {
    /** HCAT categories present, with how many at high severity. */
    hcat: (Theme & { domain: string; high: number })[];
    /** Complaints coded with moderate harm or worse (HCAT harm 3 to 5). */
    seriousHarm: number;
    rootCauses: Theme[];
    /** How the complaints were handled: written responses in the year, on time against the policy's clock. */
    handling: { responded: number; onTime: number; medianDaysToResponse: number | null };
  };
  /** (d)(iii): learning actions done in the year, and those still open. */
  actions: {
    done: Pick<LearningAction, 'title' | 'completedOn' | 'evidence' | 'source'>[];
    open: Pick<LearningAction, 'title' | 'dueDate' | 'source'>[];
  };
}

const MODERATE_HARM = HARM_LEVELS.indexOf('moderate');
const HIGH_SEVERITY = 3;

export async function annualReport(
  deps: Deps<'reports' | 'documents' | 'actions' | 'statistics' | 'clock' | 'settings'>,
  actor: Actor,
  query: { year: string },
): Promise<AnnualReport> {
  requireRole(actor, ['coordinator', 'manager'], 'draft the annual report');
  const year = reportYear(query.year, deps.settings.timeZone);
  const months = Array.from(
    { length: 12 },
    (_, index) => `month:${DateTime.fromISO(year.firstDay).plus({ months: index }).toFormat('yyyy-MM')}`,
  );
  const [cases, stats, done, open] = await Promise.all([
    returnCases(deps, query),
    // (c) counts when the body was told, which can be long after the case closed: the month's counters.
    deps.statistics.getStatistics(months),
    deps.actions.listByStatus('done', 1000),
    deps.actions.listByStatus('open', 1000),
  ]);
  const { lists, received, closedInYear } = cases;
  const inYear = (date: string | undefined) => !!date && date >= year.firstDay && date <= year.lastDay;
  const hcat = tally(
    received,
    (facts) => Object.keys(facts.coding?.hcat?.severities ?? {}),
    lists.hcat.categories,
  ).map((theme) => ({
    ...theme,
    domain: lists.hcat.categories.find((category) => category.code === theme.code)?.domain ?? '',
    high: received.filter((facts) => (facts.coding?.hcat?.severities[theme.code] ?? 0) >= HIGH_SEVERITY)
      .length,
  }));
  const answered = closedInYear.filter((facts) => facts.responseAt);
  const days = answered
    .map((facts) => (Date.parse(facts.responseAt as string) - Date.parse(facts.receivedAt)) / 86_400_000)
    .sort((a, b) => a - b);
  const median = days.length === 0 ? null : Math.round(days[Math.floor((days.length - 1) / 2)] as number);
  return {
    year: year.label,
    firstDay: year.firstDay,
    lastDay: year.lastDay,
    organisation: deps.settings.organizationName,
    received: received.length,
    wellFounded: closedInYear.filter(
      (facts) => facts.outcome === 'upheld' || facts.outcome === 'partly-upheld',
    ).length,
    decided: closedInYear.filter((facts) =>
      (CLOSURE_OUTCOMES as readonly string[]).includes(facts.outcome ?? ''),
    ).length,
    referredToOmbudsman: stats.reduce(
      (sum, month) => sum + (month.counters[`secondStage:${OMBUDSMAN}`] ?? 0),
      0,
    ),
    subjects: tally(received, (facts) => facts.coding?.subjects, lists.subjects),
    matters: {
      hcat,
      seriousHarm: received.filter((facts) => (facts.coding?.hcat?.harm ?? 0) >= MODERATE_HARM).length,
      rootCauses: tally(
        closedInYear,
        (facts) => (facts.rootCause ? [facts.rootCause] : []),
        lists.rootCauses,
      ),
      handling: {
        responded: answered.length,
        onTime: answered.filter(
          (facts) => !facts.responseDueAt || (facts.responseAt as string) <= facts.responseDueAt,
        ).length,
        medianDaysToResponse: median,
      },
    },
    actions: {
      done: done
        .filter((action) => inYear(action.completedOn))
        .map(({ title, completedOn, evidence, source }) => ({ title, completedOn, evidence, source })),
      open: open.map(({ title, dueDate, source }) => ({ title, dueDate, source })),
    },
  };
}

/** How many cases name each code (a case once per code), most frequent first, with the code's name. */
function tally(
  cases: CaseFacts[],
  codes: (facts: CaseFacts) => string[] | undefined,
  names: { code: string; name: string }[],
): Theme[] {
  const counts = new Map<string, number>();
  for (const facts of cases) {
    for (const code of new Set(codes(facts) ?? [])) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, count]) => ({ code, name: names.find((entry) => entry.code === code)?.name ?? code, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** The draft as a document: the regulation's headings in its order, the figures and lists under each. */
export async function annualReportPdf(report: AnnualReport): Promise<Uint8Array> {
  const pdf = await PdfWriter.create('a4', `Annual report on complaints ${report.year}`);
  const day = (iso: string) => DateTime.fromISO(iso).setLocale('en-GB').toFormat('d LLLL yyyy');
  pdf.paragraph(report.organisation, { size: 10 });
  pdf.paragraph(`Annual report on complaints, ${report.year}`, { font: pdf.bold, size: 18, after: 2 });
  pdf.paragraph(
    `For the year ${day(report.firstDay)} to ${day(report.lastDay)}, as regulation 18 of the Local Authority Social Services and National Health Service Complaints (England) Regulations 2009 requires. Draft: check and complete before publishing.`,
    { size: 10, after: 6 },
  );
  pdf.heading('Complaints received, well-founded and referred to the Ombudsman');
  pdf.rows(
    [
      ['Complaints received', String(report.received)],
      ['Decided in the year', String(report.decided)],
      ['Decided well-founded (upheld or partly upheld)', String(report.wellFounded)],
      ['Referred to the Parliamentary and Health Service Ombudsman', String(report.referredToOmbudsman)],
    ],
    260,
  );
  pdf.heading('What the complaints were about');
  pdf.rows(
    report.subjects.map((theme) => [theme.name, String(theme.count)]),
    260,
  );
  pdf.heading('Matters of general importance');
  pdf.paragraph('Themes (HCAT categories present; of which high severity):', { size: 10 });
  pdf.rows(
    report.matters.hcat.map((theme) => [theme.name, `${theme.count} (${theme.high} high)`]),
    260,
  );
  pdf.rows([['Complaints with moderate harm or worse', String(report.matters.seriousHarm)]], 260);
  pdf.paragraph('Root causes of the complaints decided:', { size: 10 });
  pdf.rows(
    report.matters.rootCauses.map((theme) => [theme.name, String(theme.count)]),
    260,
  );
  const handling = report.matters.handling;
  pdf.rows(
    [
      ['Written responses sent', String(handling.responded)],
      ['Within the time agreed or extended', String(handling.onTime)],
      [
        'Median days to the response',
        handling.medianDaysToResponse === null ? '-' : String(handling.medianDaysToResponse),
      ],
    ],
    260,
  );
  pdf.heading('Action taken, or to be taken, to improve services');
  for (const action of report.actions.done) {
    pdf.paragraph(
      `Done ${action.completedOn}: ${action.title}${action.evidence ? `. ${action.evidence}` : ''}`,
      {
        size: 10,
        indent: 12,
      },
    );
  }
  for (const action of report.actions.open) {
    pdf.paragraph(`To be done by ${action.dueDate}: ${action.title}`, { size: 10, indent: 12 });
  }
  if (report.actions.done.length + report.actions.open.length === 0) {
    pdf.paragraph('No learning actions were recorded in the year.', { size: 10 });
  }
  return pdf.save((page, of) => `Annual report on complaints ${report.year} · page ${page} of ${of}`);
}
