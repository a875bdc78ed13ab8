/**
 * The pages' Content-Security-Policy, shared by the local server and CloudFront: only our own scripts, styles and
 * API, no framing, no inline code, no plugins. Beyond our own origin the pages talk to two places only: Cognito's
 * sign-in domain (the console's code-for-token exchange) and the attachments bucket (the form's file uploads).
 */
export function pageContentSecurityPolicy(
  options: { signInOrigin?: string; uploadOrigin?: string } = {},
): string {
  const connect = ["'self'", options.signInOrigin, options.uploadOrigin].filter(Boolean).join(' ');
  return (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    `connect-src ${connect}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`
  );
}

/** Without uploads (locally, sign-in shares the page's origin). */
export const PAGE_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy();
