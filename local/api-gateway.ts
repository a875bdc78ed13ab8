/**
 * The local stand-in for API Gateway (HTTP API, payload format 2.0) and, for the browser pages, for the
 * static hosting that CloudFront + S3 provide in AWS. The routes, their integrations and their JWT authorizer are
 * the template's (deployment.ts); anything unmatched under /api goes to the $default route's function.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type FunctionName, matchRoutePath } from '../functions/manifest';
import { pageContentSecurityPolicy } from '../web/security-policy';
import { LOCAL_ACCOUNT } from './assembly';
import type { DeployedRoute } from './deployment';
import { LocalHostedUi } from './hosted-ui';
import { readBody, sendJson } from './http-util';
import { DEV_USERS, LOCAL_CLIENT_ID, LOCAL_ISSUER, type LocalIdentityProvider } from './identity';

/** API Gateway's own payload limit for HTTP APIs. */
const API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;

/** Pages get a strict policy: only our own scripts and styles, no framing, no inline code. */
export function pageSecurityHeaders(uploadOrigin?: string): Record<string, string> {
  return {
    'Content-Security-Policy': pageContentSecurityPolicy({ uploadOrigin }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const TEXT_CONTENT = /^(text\/|application\/(json|xml|x-www-form-urlencoded|[\w.+-]+\+json|[\w.+-]+\+xml))/i;

export interface ApiGatewayOptions {
  /** Invokes a route's function as API Gateway does (the function's resource policy must allow it). */
  invoke(name: FunctionName, event: APIGatewayProxyEventV2): Promise<unknown>;
  routes: readonly DeployedRoute[];
  defaultRouteFunction: FunctionName;
  webDir: string;
  /** The console's Vite build (npm run build:web). */
  consoleDir: string;
  identity: LocalIdentityProvider;
  /** The local S3 the patient form posts files to (the pages' CSP allows it, as CloudFront's allows the bucket). */
  uploadOrigin?: string;
  /**
   * Handlers outside the manifest, by "METHOD /path", served through the same event building and JSON round trip
   * as Lambda: the benchmarks' floor, so it is measured through the same HTTP layer. Never set by npm start.
   */
  extraRoutes?: Record<string, (event: APIGatewayProxyEventV2) => Promise<unknown>>;
}

export function createApiGateway(options: ApiGatewayOptions): Server {
  const pageHeaders = pageSecurityHeaders(options.uploadOrigin);
  const hostedUi = new LocalHostedUi(options.identity, pageHeaders);
  return createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (await hostedUi.handle(request, response, url)) return;
      if (url.pathname === '/local/token' && request.method === 'POST') {
        await serveLocalToken(options.identity, request, response);
      } else if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        await serveApi(options, request, response, url);
      } else {
        await serveStatic(options, pageHeaders, request, response, url);
      }
    } catch {
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ message: 'Internal Server Error' }));
      }
    }
  });
}

/** Local only: a signed token for one of the dev users, for scripts and tests (the console uses hosted-ui.ts). */
async function serveLocalToken(
  identity: LocalIdentityProvider,
  request: IncomingMessage,
  response: ServerResponse,
) {
  let email = '';
  try {
    email = String(
      (JSON.parse((await readBody(request, 4096)).toString('utf8')) as { email?: unknown }).email ?? '',
    );
  } catch {
    // answered below
  }
  const issued = await identity.tokenFor(email);
  if (!issued) {
    sendJson(response, 400, {
      status: 400,
      title: 'Unknown dev user',
      detail: `Use one of: ${DEV_USERS.map((user) => user.email).join(', ')}.`,
    });
    return;
  }
  sendJson(response, 200, issued);
}

async function serveApi(
  options: ApiGatewayOptions,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) {
  const method = (request.method ?? 'GET').toUpperCase();
  const route = options.routes.find(
    (candidate) => candidate.method === method && matchRoutePath(candidate.path, url.pathname),
  );
  const extra = route ? undefined : options.extraRoutes?.[`${method} ${url.pathname}`];
  const functionName: FunctionName = route?.function ?? options.defaultRouteFunction;
  const body = await readBody(request, API_GATEWAY_MAX_BODY + 1);
  if (body.length > API_GATEWAY_MAX_BODY) {
    response.writeHead(413, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ message: 'Request Entity Too Large' }));
    return;
  }
  // What the HTTP API's JWT authorizer does for the routes that have one: 401 without a valid token from its issuer
  // for its audience, claims for the handler. The local identity provider stands for the template's user pool.
  let claims: Record<string, string> | undefined;
  if (route?.jwt) {
    const trusted = route.jwt.issuer === LOCAL_ISSUER && route.jwt.audience.includes(LOCAL_CLIENT_ID);
    claims = trusted ? await options.identity.verify(request.headers.authorization) : undefined;
    if (!claims) {
      response.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' });
      response.end(JSON.stringify({ message: 'Unauthorized' }));
      return;
    }
  }
  const event = toEvent(
    request,
    url,
    body,
    route ? `${route.method} ${route.path}` : '$default',
    route?.path,
  );
  if (claims) {
    (event.requestContext as unknown as Record<string, unknown>).authorizer = {
      jwt: { claims, scopes: null },
      principalId: '',
      integrationLatency: 0,
    };
  }
  let result: unknown;
  try {
    result = extra
      ? JSON.parse(JSON.stringify(await extra(structuredClone(event))))
      : await options.invoke(functionName, event);
  } catch (error) {
    // As API Gateway's access log records it: the integration's error, by name only (never its message).
    console.error(`Integration error from ${functionName}: ${(error as Error).name}`);
    // What API Gateway answers when the integration fails: nothing about the error itself.
    response.writeHead(500, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ message: 'Internal Server Error' }));
    return;
  }
  writeResult(response, result);
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  routePath: string | undefined,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = queryStringParameters[name]
      ? `${queryStringParameters[name]},${value}`
      : value;
  }
  const isText = TEXT_CONTENT.test(headers['content-type'] ?? 'text/plain');
  const now = new Date();
  const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies: request.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(queryStringParameters).length ? queryStringParameters : undefined,
    pathParameters: routePath ? matchRoutePath(routePath, url.pathname) : undefined,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: (request.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

function writeResult(response: ServerResponse, result: unknown) {
  const structured =
    result && typeof result === 'object' && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body
    ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  response.writeHead(structured.statusCode ?? 200, { ...headers, 'content-length': String(body.length) });
  response.end(body);
}

async function serveStatic(
  options: ApiGatewayOptions,
  pageHeaders: Record<string, string>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', ...pageHeaders });
    response.end();
    return;
  }
  // The console is a single-page app built by Vite: its routes all load its index.html.
  const inConsole = url.pathname === '/console' || url.pathname.startsWith('/console/');
  const webDir = inConsole ? options.consoleDir : options.webDir;
  const path = inConsole ? url.pathname.replace(/^\/console\/?/, '/') : url.pathname;
  let relative: string;
  try {
    relative =
      path === '/' || (inConsole && extname(path) === '') ? 'index.html' : decodeURIComponent(path.slice(1));
  } catch {
    return notFound(response, pageHeaders);
  }
  const file = normalize(join(webDir, relative));
  const type = STATIC_TYPES[extname(file)];
  if (!file.startsWith(webDir + sep) || !type) return notFound(response, pageHeaders);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    return notFound(response, pageHeaders);
  }
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(content.length),
    'Cache-Control': 'no-cache',
    ...pageHeaders,
  });
  response.end(request.method === 'HEAD' ? undefined : content);
}

function notFound(response: ServerResponse, pageHeaders: Record<string, string>) {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...pageHeaders });
  response.end('Not found');
}
