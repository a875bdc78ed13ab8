/**
 * POST /api/complaints: the public intake (web form and integrations), and GET /api/lists: the hospital's lists the
 * form offers (facilities, departments, categories; names only).
 * Thin: read the body (415/413/400) -> validate -> intake use case -> 201. Everything a complainant did wrong gets a 4xx saying what.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { composeDependencies } from '../../adapters/composition-root';
import { publicLists } from '../../core/hospital/hospital-lists';
import { toFieldErrors, WebComplaintInput } from '../../core/intake/complaint';
import { submitComplaint } from '../../core/intake/submit-complaint';
import { grantUploads } from '../../core/uploads/web-uploads';
import { FUNCTIONS } from '../../manifest';
import { logger, metrics } from '../../shared/observability';
import { HttpError, idempotencyKeyOf, json, jsonBody, problem } from './http-kit';
import { routedHandler } from './router';

const deps = composeDependencies(FUNCTIONS.submitComplaint.settings);

export const handler = routedHandler('submitComplaint', {
  // Names only, the same for everyone: cached briefly by browsers and CloudFront.
  getFormLists: async () => json(200, await publicLists(deps), { 'Cache-Control': 'public, max-age=300' }),
  submitComplaint: async (event: APIGatewayProxyEventV2) => {
    // 415, 413 and unreadable JSON first; then every invalid field at once, named as the form names it.
    const parsed = WebComplaintInput.safeParse(jsonBody(event));
    if (!parsed.success) {
      throw new HttpError(
        problem(400, 'Invalid complaint', 'Some fields need your attention.', {
          errors: toFieldErrors(parsed.error),
        }),
      );
    }
    const complaint = parsed.data;
    const idempotencyKey = idempotencyKeyOf(event);
    const result = await submitComplaint(deps, {
      complaint,
      channel: 'web',
      actor: 'complainant',
      idempotencyKey,
    });
    logger.info('Complaint received', {
      caseId: result.caseId,
      reference: result.reference,
      replayed: result.replayed,
    });
    if (!result.replayed) metrics.addMetric('ComplaintReceived', MetricUnit.Count, 1);
    const grants = await grantUploads(deps.uploads, result, complaint.attachments, deps.clock.now());
    return json(
      201,
      {
        caseId: result.caseId,
        reference: result.reference,
        receivedAt: result.receivedAt,
        message: `Thank you. Your reference is ${result.reference}. We have sent you an email confirming what happens next.`,
        ...(grants.length > 0 ? { uploads: grants } : {}),
      },
      {
        Location: `/api/cases/${result.caseId}`,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    );
  },
});
