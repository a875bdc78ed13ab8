/**
 * The pages' Content-Security-Policy, shared by the local server and CloudFront: only our own scripts, styles and
 * API, no framing, no inline code, no plugins. In AWS the console also talks to Cognito's sign-in domain (the
 * code-for-token exchange), and to nothing else.
 */
export function pageContentSecurityPolicy(options: { signInOrigin?: string } = {}): string {
  const connect = ["'self'", ...(options.signInOrigin ? [options.signInOrigin] : [])].join(' ');
  return (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    `connect-src ${connect}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`
  );
}

/** Locally everything, sign-in included, is on one origin. */
export const PAGE_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy();
