/**
 * Runs the Lambda functions the way Lambda does: each function's bundle, built with the options CDK gives esbuild
 * (infra/constructs/liaison-function.ts), in its own execution environment (a worker thread) with only the
 * environment the template gives it plus credentials that name its role. Cold start on the first invocation, as in
 * Lambda (a configuration error shows there), then warm; a Context
 * with the remaining time; the function's timeout enforced by ending the environment; the result through JSON.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BuildOptions, build } from 'esbuild';
import { FUNCTIONS, type FunctionName } from '../functions/manifest';
import { localFunctionArn, localFunctionName } from './assembly';
import { fileStamp, pruneOlderThan, writeAtomically } from './build-cache';

export class LambdaTimeoutError extends Error {
  override readonly name = 'Sandbox.Timedout';
}

export interface InvocationRecord {
  function: FunctionName;
  durationMs: number;
  ok: boolean;
}

export interface RuntimeFunction {
  /** Everything the execution environment sees in process.env. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class ExecutionEnvironment {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  readonly worker: Worker;

  constructor(bundle: string, name: FunctionName, fn: RuntimeFunction, onExit: () => void) {
    this.worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
      workerData: {
        bundle: pathToFileURL(bundle).href,
        functionName: localFunctionName(name),
        functionArn: localFunctionArn(name),
        memoryMb: fn.memoryMb,
      },
      env: fn.environment,
      // Lambda's memory setting bounds the heap the same way.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(fn.memoryMb, 256) },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (message: { id: number; result?: string; error?: Record<string, string> }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(reviveError(message.error));
      else waiting.resolve(JSON.parse(message.result ?? 'null'));
    });
    const fail = (error: unknown) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      onExit();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) =>
      fail(Object.assign(new Error(`Runtime exited with code ${code}`), { name: 'Runtime.ExitError' })),
    );
  }

  invoke(event: unknown, deadline: number): Promise<unknown> {
    return this.send({ event, deadline, requestId: randomUUID() });
  }

  private cold?: Promise<unknown>;

  /** Resolves once the cold start is over (or rejects with its error); asked of the worker once. */
  started(): Promise<unknown> {
    this.cold ??= this.send({ warm: true });
    return this.cold;
  }

  private send(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      this.worker.postMessage({ id, ...message });
    });
  }
}

function reviveError(serialized: Record<string, string>): Error {
  const error = new Error(serialized.message);
  Object.assign(error, serialized);
  return error;
}

export class LocalLambdaRuntime {
  private readonly environments = new Map<FunctionName, ExecutionEnvironment>();
  readonly invocations: InvocationRecord[] = [];

  constructor(
    private readonly bundleDir: string,
    private readonly functions: Record<FunctionName, RuntimeFunction>,
  ) {}

  /**
   * Starts every execution environment in the background, as provisioned concurrency would: the stack answers at
   * once and the first requests find their functions warm. A cold start that fails fails its first invocation.
   * Resolves when every environment has started (or failed to).
   */
  prestartAll(): Promise<void> {
    return Promise.all(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) =>
        this.environment(name)
          .started()
          .catch(() => undefined),
      ),
    ).then(() => undefined);
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
    const fn = this.functions[name];
    const environment = this.environment(name);
    // As in Lambda, the timeout counts from the end of the cold start (init has its own limit).
    await environment.started();
    const started = Date.now();
    const deadline = started + fn.timeoutSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Lambda ends the execution environment of a timed-out invocation; the next one starts cold.
        void this.retire(name, environment);
        reject(new LambdaTimeoutError(`Task timed out after ${fn.timeoutSeconds} seconds`));
      }, fn.timeoutSeconds * 1000);
    });
    let ok = false;
    try {
      const result = await Promise.race([environment.invoke(event, deadline), timeout]);
      ok = true;
      return result;
    } finally {
      clearTimeout(timer);
      this.invocations.push({ function: name, durationMs: Date.now() - started, ok });
    }
  }

  async stop(): Promise<void> {
    const environments = [...this.environments.entries()];
    this.environments.clear();
    await Promise.all(environments.map(([, environment]) => environment.worker.terminate()));
  }

  private environment(name: FunctionName): ExecutionEnvironment {
    let environment = this.environments.get(name);
    if (!environment) {
      const created = new ExecutionEnvironment(
        join(this.bundleDir, `${name}.mjs`),
        name,
        this.functions[name],
        () => {
          if (this.environments.get(name) === created) this.environments.delete(name);
        },
      );
      environment = created;
      this.environments.set(name, environment);
    }
    return environment;
  }

  private async retire(name: FunctionName, environment: ExecutionEnvironment): Promise<void> {
    if (this.environments.get(name) === environment) this.environments.delete(name);
    await environment.worker.terminate();
  }
}

/** The options infra/constructs/liaison-function.ts gives CDK's esbuild (CDK leaves the AWS SDK external on Node 22). */
export const CDK_BUNDLING = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*'],
  banner: { js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);" },
} satisfies BuildOptions;

interface BundleRecord {
  dir: string;
  /** Every input file with its size and modification time: the bundles are current while none changed. */
  inputs: Record<string, string>;
}

/**
 * Bundles every function as CDK does for deployment, into .build/local-functions/<build>/<name>.mjs, and answers the
 * folder. A build is reused while none of its input files changed, so test files starting stacks at once share it.
 */
export async function bundleFunctions(rootDir: string): Promise<string> {
  const home = join(rootDir, '.build', 'local-functions');
  mkdirSync(home, { recursive: true });
  const recordFile = join(home, 'current.json');
  const fingerprint = (file: string) => fileStamp(resolve(rootDir, file));
  if (existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BundleRecord;
    const current = Object.entries(record.inputs).every(([file, print]) => fingerprint(file) === print);
    if (current && existsSync(join(home, record.dir))) return join(home, record.dir);
  }
  const dir = `build-${Date.now()}-${randomUUID().slice(0, 8)}`;
  const result = await build({
    ...CDK_BUNDLING,
    entryPoints: Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
        name,
        resolve(rootDir, FUNCTIONS[name].entry),
      ]),
    ),
    outdir: join(home, dir),
    outExtension: { '.js': '.mjs' },
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    absWorkingDir: rootDir,
    logLevel: 'silent',
  });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile?.inputs ?? {}).map((file) => [file, fingerprint(file)]),
  );
  writeAtomically(recordFile, JSON.stringify({ dir, inputs } satisfies BundleRecord));
  // Builds older than an hour are no longer in use by any stack.
  pruneOlderThan(home, 3_600_000, dir);
  return join(home, dir);
}
