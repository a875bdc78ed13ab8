/**
 * Documents in the console: the letters to post (GET /api/letters, each as a PDF, marked posted) and reports as
 * files (GET /api/reports/grievance-log as JSON, CSV or XLSX). Its own function because the PDF and spreadsheet
 * libraries would otherwise weigh on every console request's cold start.
 */
import * as z from 'zod';
import { composeDependencies } from '../../adapters/composition-root';
import {
  letterPdfOf,
  lettersToPost,
  markLetterPosted,
  PostedRequest,
} from '../../core/letters/letters-to-post';
import { annualReport, annualReportPdf } from '../../core/reporting/annual-report';
import { casesBehind, ReportCasesQuery } from '../../core/reporting/cases-behind';
import { committeePack, committeePackPdf } from '../../core/reporting/committee-pack';
import { grievanceLog, grievanceLogTable } from '../../core/reporting/grievance-log';
import { ko41aReturn, ko41aTable } from '../../core/reporting/ko41a-return';
import { toCsv, toXlsx } from '../../core/reporting/spreadsheet';
import { surveyorPacket } from '../../core/reporting/surveyor-packet';
import { isoDate } from '../../core/validation';
import { FUNCTIONS } from '../../manifest';
import { download, json, jsonBody, pathParameter } from './http-kit';
import { routedHandler } from './router';
import { staffRoutes } from './staff-auth';

const deps = composeDependencies(FUNCTIONS.documentsApi.settings);
const staff = staffRoutes(deps);

/** `GET /api/letters?status=to-post`: the queue of letters to post is the one list there is. */
const LetterQuery = z.strictObject({
  status: z.literal('to-post', { error: 'The only list is status=to-post.' }).default('to-post'),
});

export const ReportQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  format: z.enum(['json', 'csv', 'xlsx'], { error: 'Choose json, csv or xlsx.' }).default('json'),
});

const PackQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the form YYYY-MM.'),
  format: z.enum(['json', 'pdf'], { error: 'Choose json or pdf.' }).default('json'),
  /** For publication: counts from 1 to 4 shown as "fewer than 5". */
  suppressSmall: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

const YearQuery = z.strictObject({
  year: z.string({ error: 'Give the year, such as 2025 (1 April 2025 to 31 March 2026).' }),
  facility: z.string().trim().min(1).max(200).optional(),
  format: z.enum(['json', 'csv'], { error: 'Choose json or csv.' }).default('json'),
});

const AnnualQuery = z.strictObject({
  year: z.string({ error: 'Give the year, such as 2025 (1 April 2025 to 31 March 2026).' }),
  format: z.enum(['json', 'pdf'], { error: 'Choose json or pdf.' }).default('json'),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const handler = routedHandler('documentsApi', {
  listLettersToPost: staff(async (event, actor) => {
    LetterQuery.parse(event.queryStringParameters ?? {});
    return json(200, await lettersToPost(deps, actor));
  }),
  getLetterPdf: staff(async (event, actor) => {
    const { pdf, filename } = await letterPdfOf(deps, actor, pathParameter(event, 'letterId'));
    return download(pdf, 'application/pdf', filename);
  }),
  markLetterPosted: staff(async (event, actor) => {
    const request = PostedRequest.parse(jsonBody(event));
    return json(
      200,
      await markLetterPosted(deps, { actor, letterId: pathParameter(event, 'letterId'), request }),
    );
  }),
  getSurveyorPacket: staff(async (event, actor) => {
    const { pdf, filename } = await surveyorPacket(deps, actor, pathParameter(event, 'id'));
    return download(pdf, 'application/pdf', filename);
  }),
  getCommitteePack: staff(async (event, actor) => {
    const { month, format, suppressSmall } = PackQuery.parse(event.queryStringParameters ?? {});
    const pack = await committeePack(deps, actor, { month, suppressSmall });
    if (format === 'json') return json(200, pack);
    return download(
      await committeePackPdf(pack, deps.settings),
      'application/pdf',
      `committee-pack-${month}.pdf`,
    );
  }),
  getKo41aReturn: staff(async (event, actor) => {
    const { year, facility, format } = YearQuery.parse(event.queryStringParameters ?? {});
    const report = await ko41aReturn(deps, actor, { year, facility });
    if (format === 'json') return json(200, report);
    const csv = new TextEncoder().encode(toCsv(ko41aTable(report)));
    return download(csv, 'text/csv; charset=utf-8', `ko41a-${report.year}.csv`);
  }),
  getAnnualReport: staff(async (event, actor) => {
    const { year, format } = AnnualQuery.parse(event.queryStringParameters ?? {});
    const report = await annualReport(deps, actor, { year });
    if (format === 'json') return json(200, report);
    return download(await annualReportPdf(report), 'application/pdf', `annual-report-${report.year}.pdf`);
  }),
  listReportCases: staff(async (event, actor) => {
    const query = ReportCasesQuery.parse(event.queryStringParameters ?? {});
    return json(200, await casesBehind(deps, actor, query));
  }),
  getGrievanceLog: staff(async (event, actor) => {
    const { from, to, format } = ReportQuery.parse(event.queryStringParameters ?? {});
    const log = await grievanceLog(deps, actor, { from, to });
    if (format === 'json') return json(200, log);
    const filename = `grievance-log-${from}-to-${to}.${format}`;
    const table = grievanceLogTable(log);
    return format === 'csv'
      ? download(new TextEncoder().encode(toCsv(table)), 'text/csv; charset=utf-8', filename)
      : download(await toXlsx(table), XLSX, filename);
  }),
});
