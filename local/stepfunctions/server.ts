/**
 * The Step Functions JSON 1.0 protocol in front of LocalStepFunctions: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, errors as `{"__type": "<Name>", "message": ...}` so
 * @aws-sdk/client-sfn raises them with `error.name === '<Name>'`.
 */
import { createServer, type Server } from 'node:http';
import { readBody, sendJson } from '../http-util';
import { AccessDenied } from '../iam';
import type { Authorize } from '../ses';
import { type LocalStepFunctions, SfnError } from './engine';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** The resource IAM evaluates an operation on: its state machine or execution (a task token's state machine). */
function resourceOf(engine: LocalStepFunctions, body: Record<string, string>): string {
  if (body.stateMachineArn) return body.stateMachineArn;
  if (body.executionArn) return body.executionArn;
  if (body.taskToken) return engine.stateMachineOfToken(body.taskToken) ?? '*';
  return '*';
}

/** Dates travel as epoch seconds in the JSON protocol. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, toWire(item)]),
    );
  }
  return value;
}

export function createStepFunctionsServer(
  engine: LocalStepFunctions,
  authorize: Authorize = async () => undefined,
): Server {
  const operations: Record<string, (body: never) => unknown> = {
    StartExecution: (body) => engine.startExecution(body),
    DescribeExecution: (body: { executionArn: string }) => engine.describeExecution(body.executionArn),
    DescribeStateMachine: (body: { stateMachineArn: string }) =>
      engine.describeStateMachine(body.stateMachineArn),
    ListExecutions: (body) => engine.listExecutions(body),
    GetExecutionHistory: (body) => engine.getExecutionHistory(body),
    StopExecution: (body) => engine.stopExecution(body),
    SendTaskSuccess: (body) => engine.sendTaskSuccess(body),
    SendTaskFailure: (body) => engine.sendTaskFailure(body),
    SendTaskHeartbeat: (body) => engine.sendTaskHeartbeat(body),
  };
  return createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    const run = operations[operation];
    if (request.method !== 'POST' || !run) {
      sendJson(
        response,
        400,
        { __type: 'UnknownOperationException', message: `Unknown operation ${target}` },
        CONTENT_TYPE,
      );
      return;
    }
    try {
      const body = JSON.parse((await readBody(request)).toString('utf8') || '{}');
      await authorize(request.headers, [
        { action: `states:${operation}`, resource: resourceOf(engine, body) },
      ]);
      sendJson(response, 200, toWire(run(body as never)), CONTENT_TYPE);
    } catch (error) {
      if (error instanceof AccessDenied) {
        sendJson(response, 400, { __type: 'AccessDeniedException', message: error.message }, CONTENT_TYPE);
      } else if (error instanceof SfnError) {
        sendJson(response, 400, { __type: error.type, message: error.message }, CONTENT_TYPE);
      } else {
        sendJson(
          response,
          500,
          { __type: 'InternalFailure', message: (error as Error).message },
          CONTENT_TYPE,
        );
      }
    }
  });
}
