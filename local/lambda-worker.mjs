// One Lambda execution environment: a worker thread with the function's own environment (the template's variables
// and credentials that name its role), its bundle imported once (the cold start), then invocations one message each.
// Plain JavaScript, so the worker needs no TypeScript loader. See lambda-runtime.ts.
import { parentPort, workerData } from 'node:worker_threads';

process.setSourceMapsEnabled(true);
const { bundle, functionName, functionArn, memoryMb } = workerData;

let handler;
let initError;
try {
  const module = await import(bundle);
  if (typeof module.handler !== 'function') throw new Error(`${functionName} exports no handler`);
  handler = module.handler;
} catch (error) {
  initError = error;
}

function serializeError(error) {
  const plain = error instanceof Error ? error : new Error(String(error));
  return { ...plain, name: plain.name, message: plain.message, stack: plain.stack };
}

parentPort.on('message', async ({ id, warm, event, deadline, requestId }) => {
  if (initError) {
    parentPort.postMessage({ id, error: serializeError(initError) });
    return;
  }
  if (warm) {
    parentPort.postMessage({ id, result: 'null' });
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  try {
    const result = await handler(event, context);
    // Lambda returns JSON of the result.
    parentPort.postMessage({ id, result: result === undefined ? 'null' : JSON.stringify(result) });
  } catch (error) {
    parentPort.postMessage({ id, error: serializeError(error) });
  }
});
