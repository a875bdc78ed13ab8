/**
 * The sender's HTML, made inert where it is shown (the console), not where mail is parsed: the stored item keeps
 * what was sent, the receiving function stays small, and the policy lives beside the frame it protects. Only
 * formatting survives: no scripts, styles, forms, remote images, event handlers or non-web links. The frame is
 * sandboxed as well (App.tsx).
 */
import createDOMPurify, { type Config } from 'dompurify';

export const EMAIL_HTML_POLICY = {
  ALLOWED_TAGS: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'td',
    'th',
    'h1',
    'h2',
    'h3',
    'h4',
    'a',
  ],
  ALLOWED_ATTR: ['href'],
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
} satisfies Config;

/** `window` is the page's own in the console; tests pass a DOM's. */
export function safeEmailHtml(
  html: string,
  window: Parameters<typeof createDOMPurify>[0] = globalThis.window,
): string {
  return createDOMPurify(window).sanitize(html, { ...EMAIL_HTML_POLICY, RETURN_TRUSTED_TYPE: false });
}
