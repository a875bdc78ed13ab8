/**
 * IAM in front of DynamoDB Local: each request's actions (one per item of a transaction, as IAM counts them) are
 * evaluated for its caller (iam.ts) before the request is passed on unchanged; a refused one is answered with
 * DynamoDB's AccessDeniedException.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './assembly';
import { close, listen, readBody, sendJson } from './http-util';
import { AccessDenied, type AccessRequest, type LocalIam } from './iam';

interface TableCall {
  TableName?: string;
  IndexName?: string;
}
type TransactItem = Record<string, TableCall>;

const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

const tableArn = (table: string) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}`;

/** What IAM evaluates for one DynamoDB request. */
export function dynamoDbAccessRequests(operation: string, body: Record<string, unknown>): AccessRequest[] {
  switch (operation) {
    case 'TransactWriteItems':
      return ((body.TransactItems ?? []) as TransactItem[]).flatMap((item) =>
        Object.entries(item).map(([kind, call]) => ({
          action: TRANSACT_WRITE_ACTIONS[kind] ?? `dynamodb:${kind}`,
          resource: tableArn(String(call.TableName)),
        })),
      );
    case 'TransactGetItems':
      return ((body.TransactItems ?? []) as TransactItem[]).map((item) => ({
        action: 'dynamodb:GetItem',
        resource: tableArn(String(item.Get?.TableName)),
      }));
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((body.RequestItems ?? {}) as object).map((table) => ({
        action: `dynamodb:${operation}`,
        resource: tableArn(table),
      }));
    default: {
      const { TableName, IndexName } = body as TableCall;
      const resource = TableName ? tableArn(TableName) : '*';
      return [
        {
          action: `dynamodb:${operation}`,
          resource: IndexName ? `${resource}/index/${IndexName}` : resource,
        },
      ];
    }
  }
}

export async function startDynamoDbGate(
  iam: LocalIam,
  upstream: string,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const caller = iam.callerOf(request.headers);
      // The administrator (tests, bench, tools) is never refused: its bodies need no reading.
      if (caller.kind !== 'administrator') {
        const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        const parsed = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
        await iam.authorize(caller, dynamoDbAccessRequests(operation, parsed));
      }
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', (error) => {
        if (!response.headersSent) sendJson(response, 500, { message: error.message });
      });
      forwarded.end(body);
    } catch (error) {
      if (error instanceof AccessDenied) {
        sendJson(
          response,
          400,
          { __type: 'com.amazon.coral.service#AccessDeniedException', Message: error.message },
          'application/x-amz-json-1.0',
        );
        return;
      }
      if (!response.headersSent) sendJson(response, 500, { message: (error as Error).message });
    }
  });
  const port = await listen(server);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => close(server) };
}
