/**
 * The pages' Content-Security-Policy, shared by the local server and CloudFront: only our own scripts, styles and
 * API, no framing, no inline code, no plugins.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
