// How every desk Lambda is built: one NodejsFunction per handler module, bundled by the local
// esbuild (no Docker), ARM64 on the newest Node.js runtime CDK offers, minified, the AWS SDK
// bundled so each function carries only the clients it imports; X-Ray passed through; logs kept for a set
// time; the desk's policy file (if any) shipped beside the code. The zip holds index.js and the
// policy only: no source map (2.3–3 MB beside a bundle of less, read on every cold start with
// --enable-source-maps) and no esbuild metafile (0.45 MB nothing reads at runtime). A stack trace in
// the logs names minified functions at positions in index.js: rebuild that commit's bundle with a
// source map to read it. keepNames would keep the names for +3% of bundle and +9% of require() CPU
// (measured on get-ticket): not worth it on every cold start.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { join } from 'node:path';

export const DESK_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * Functions join a trace their caller sampled (the lifecycle's executions, which Step Functions
 * traces with their park and advance tasks) but start none of their own: Lambda's own sampling
 * (one request a second and 5 % beyond, not configurable) records every invocation of a quiet
 * desk, which would be a tenth of what a ticket costs (`npm run cost`). Errors reach the logs and
 * the alarms either way.
 */
export const DESK_TRACING: lambda.Tracing = lambda.Tracing.PASS_THROUGH;

/** A handler module's construct id: `create-ticket` → `CreateTicket` (its role, logs and alarm follow it). */
export const functionId = (handler: string) => handler.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
const root = join(__dirname, '..');

export interface DeskFunctionProps {
  /** The handler module, relative to functions/ (its function-table row's entry), e.g. `api/create-ticket.handler.ts`. */
  entry: string;
  environment: Record<string, string>;
  /** Absolute path of a validated policy JSON to ship as policy.json. */
  policyFile?: string;
  timeout?: Duration;
  memorySize?: number;
}

export function deskFunction(scope: Construct, id: string, props: DeskFunctionProps): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS });
  // Its own role, writing only to its own log group (the managed basic-execution policy writes anywhere).
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  );
  return new NodejsFunction(scope, id, {
    role,
    entry: join(root, 'functions', props.entry),
    handler: 'handler',
    projectRoot: root,
    depsLockFilePath: join(root, 'package-lock.json'),
    runtime: DESK_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(10),
    tracing: DESK_TRACING,
    logGroup,
    environment: {
      ...(props.policyFile ? { POLICY_FILE: '/var/task/policy.json' } : {}),
      ...props.environment,
    },
    bundling: {
      forceDockerBundling: false,
      minify: true,
      sourceMap: false,
      target: 'node24',
      format: OutputFormat.CJS,
      bundleAwsSDK: true,
      externalModules: [],
      // ESM-only dependencies (email-reply-parser) read import.meta.url, which a CommonJS bundle
      // leaves undefined: give them this file's own URL.
      banner: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;",
      define: { 'import.meta.url': 'importMetaUrl' },
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_input: string, output: string) =>
          props.policyFile ? [`cp "${props.policyFile}" "${output}/policy.json"`] : [],
      },
    },
  });
}

/** The account-and-region ARN of a state machine known by name, without a reference to it (avoids a dependency cycle). */
export const stateMachineArn = (scope: Construct, name: string) =>
  Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
