// `npm run cost`: each function's deployed bundle and its init CPU against a bundle of only the
// DynamoDB clients (bench/dynamodb-clients-only.ts) built by the same deskFunction() in the same
// synth. Init CPU is a fresh `node` per sample that requires the bundle with the environment the
// function has in the stack (tokens stand-ins, the shipped policy file where it lies in the
// asset), measured with process.cpuUsage around require(); the median of the samples, taken in
// rounds so that the baseline and the functions see the same machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { deskFunction } from '../infra/desk-function';
import { ServiceDeskStack } from '../infra/servicedesk-stack';
import { defaultPolicy } from '../workflows/policy/default-policy';

export const BASELINE = 'dynamodb-clients-only';
export const targets = { size: 1.5, mailReceiptSize: 2.5, init: 1.5 };
const SAMPLES = Number(process.env.COST_INIT_SAMPLES ?? 7);

export interface Bundle {
  handler: string;
  memoryMb: number;
  bytes: number;
  gzipBytes: number;
  zipBytes: number;
  initMs: number;
  sizeRatio: number;
  initRatio: number;
  sizeTarget: number;
  sizeMet: boolean;
  initMet: boolean;
}

interface Built {
  handler: string;
  memoryMb: number;
  dir: string;
  env: Record<string, string>;
}

function built(fn: NodejsFunction, handler: string, assemblyDir: string): Built {
  const cfn = fn.node.defaultChild as unknown as { code: unknown; memorySize?: number; environment?: unknown };
  const stack = Stack.of(fn);
  const key = (stack.resolve(cfn.code) as { s3Key: string }).s3Key.replace(/\.zip$/, '');
  const dir = join(assemblyDir, `asset.${key}`);
  const variables = ((stack.resolve(cfn.environment) as { variables?: Record<string, unknown> })?.variables ??
    {}) as Record<string, unknown>;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables))
    env[name] = typeof value === 'string' ? value : `arn:aws:cost:us-east-1:123456789012:${name.toLowerCase()}`;
  if (env.POLICY_FILE) env.POLICY_FILE = join(dir, 'policy.json');
  return { handler, memoryMb: Number(cfn.memorySize ?? 128), dir, env };
}

const INIT_PROBE =
  'const t=process.cpuUsage();require(process.argv[1]);const u=process.cpuUsage(t);' +
  'process.stdout.write(String((u.user+u.system)/1000))';

function initCpuMs(bundle: Built): number {
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: bundle.handler,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(bundle.memoryMb),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_ACCESS_KEY_ID: 'cost',
    AWS_SECRET_ACCESS_KEY: 'cost',
    LAMBDA_TASK_ROOT: bundle.dir,
    // Lambda's Node.js 24 has no cause for the SDK's old-Node warning this machine's Node would print.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...bundle.env,
  };
  // NODE_OPTIONS (the stack's --enable-source-maps) must reach the process as Lambda starts it.
  const out = execFileSync(process.execPath, ['-e', INIT_PROBE, join(bundle.dir, 'index.js')], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(out.toString());
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function zipBytes(dir: string): number {
  const file = join(mkdtempSync(join(tmpdir(), 'cost-zip-')), 'code.zip');
  execFileSync('zip', ['-qr9X', file, '.'], { cwd: dir });
  const size = statSync(file).size;
  rmSync(file);
  return size;
}

/** Synthesizes the stack and the baseline with real bundling; measures every bundle against the baseline. */
export function measureBundles(): Bundle[] {
  const outdir = mkdtempSync(join(tmpdir(), 'cost-cdk-'));
  const app = new App({ outdir });
  const stack = new ServiceDeskStack(app, 'ServiceDesk', {
    mailDomain: 'desk.example.com',
    alarmEmail: 'ops@desk.example.com',
    policy: defaultPolicy,
  });
  const scratch = new Stack(app, 'CostBaseline');
  const baseline = deskFunction(scratch, 'DynamoDbClientsOnly', {
    entry: '../bench/dynamodb-clients-only.ts',
    environment: { TABLE_NAME: 'servicedesk', POWERTOOLS_SERVICE_NAME: 'servicedesk' },
  });
  const assembly = app.synth();
  const all = [
    built(baseline, BASELINE, assembly.directory),
    ...Object.entries(stack.functions).map(([handler, fn]) => built(fn, handler, assembly.directory)),
  ];
  const samples = new Map(all.map((b) => [b.handler, [] as number[]]));
  for (let round = 0; round < SAMPLES; round++) for (const b of all) samples.get(b.handler)!.push(initCpuMs(b));
  const base = all[0]!;
  const baseBytes = statSync(join(base.dir, 'index.js')).size;
  const baseInit = median(samples.get(BASELINE)!);
  return all.map((b) => {
    const file = join(b.dir, 'index.js');
    const bytes = statSync(file).size;
    const initMs = median(samples.get(b.handler)!);
    const sizeTarget = b.handler === 'receive-email' ? targets.mailReceiptSize : targets.size;
    return {
      handler: b.handler,
      memoryMb: b.memoryMb,
      bytes,
      gzipBytes: gzipSync(readFileSync(file)).length,
      zipBytes: existsSync(b.dir) ? zipBytes(b.dir) : 0,
      initMs,
      sizeRatio: bytes / baseBytes,
      initRatio: initMs / baseInit,
      sizeTarget,
      sizeMet: b.handler === BASELINE || bytes / baseBytes <= sizeTarget,
      initMet: b.handler === BASELINE || initMs / baseInit <= targets.init,
    };
  });
}
