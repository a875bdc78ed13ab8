/**
 * Runs the Lambda handlers in this process, the way the Lambda runtime would: one module instance per function
 * (cold start once, then warm), a Context object with the remaining time, the function's timeout enforced,
 * and the result passed through JSON as Lambda serializes it.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../functions/manifest';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export function localFunctionName(name: FunctionName): string {
  return `liaison-${name}`;
}

export function localFunctionArn(name: FunctionName): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${localFunctionName(name)}`;
}

export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

export interface InvocationRecord {
  function: FunctionName;
  durationMs: number;
  ok: boolean;
}

export class LocalLambdaRuntime {
  private readonly handlers = new Map<FunctionName, Promise<Handler>>();
  readonly invocations: InvocationRecord[] = [];

  constructor(private readonly rootDir: string) {}

  /** Imports every handler now, so configuration errors surface at start-up rather than on first use. */
  async warmAll(): Promise<void> {
    await Promise.all((Object.keys(FUNCTIONS) as FunctionName[]).map((name) => this.handler(name)));
  }

  functionNameForArn(arn: string): FunctionName {
    const name = (Object.keys(FUNCTIONS) as FunctionName[]).find(
      (candidate) => localFunctionArn(candidate) === arn || localFunctionName(candidate) === arn,
    );
    if (!name)
      throw Object.assign(new Error(`Function not found: ${arn}`), {
        name: 'Lambda.ResourceNotFoundException',
      });
    return name;
  }

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const handler = await this.handler(name);
    const spec = FUNCTIONS[name];
    const started = Date.now();
    const deadline = started + spec.timeoutSeconds * 1000;
    const context: Context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: localFunctionName(name),
      functionVersion: '$LATEST',
      invokedFunctionArn: localFunctionArn(name),
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${localFunctionName(name)}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new LambdaTimeoutError(`Task timed out after ${spec.timeoutSeconds} seconds`)),
        spec.timeoutSeconds * 1000,
      );
    });
    let ok = false;
    try {
      // Lambda hands the handler a fresh copy of the event and returns JSON of the result.
      const result = await Promise.race([handler(structuredClone(event), context), timeout]);
      ok = true;
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } finally {
      clearTimeout(timer);
      this.invocations.push({ function: name, durationMs: Date.now() - started, ok });
    }
  }

  private handler(name: FunctionName): Promise<Handler> {
    let loaded = this.handlers.get(name);
    if (!loaded) {
      const url = pathToFileURL(resolve(this.rootDir, FUNCTIONS[name].entry)).href;
      loaded = import(url).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function')
          throw new Error(`${FUNCTIONS[name].entry} exports no handler`);
        return module.handler;
      });
      this.handlers.set(name, loaded);
    }
    return loaded;
  }
}
