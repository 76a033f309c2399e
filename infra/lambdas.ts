// Every desk function on AWS, one per row of the function table: its environment, and the grants
// its row names (table access, the desk's secrets, answering or starting lifecycle executions).
// Trigger-specific wiring (event sources, the mail bucket, SES) is added where the trigger is built.
import { Duration, type Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { lambdaFunctions, type TableAccess, type Trigger } from '../functions/function-table';
import {
  consoleItemPrefixes,
  indexNames,
  PORTAL_ITEM_PREFIX,
  REPORT_ITEM_PREFIX,
} from '../functions/store/table-schema';
import { deskFunction, functionId } from './desk-function';

export interface LambdaDeps {
  table: dynamodb.Table;
  secrets: secretsmanager.Secret;
  publicUrl: string;
  lifecycleArn: string;
  consoleSignIn: Record<string, string>;
  policyFile?: string;
}

export function deskLambdas(scope: Stack, deps: LambdaDeps) {
  const { table, secrets, publicUrl, lifecycleArn, consoleSignIn } = deps;
  const props = { policyFile: deps.policyFile };
  const functions: Record<string, NodejsFunction> = {};
  const base = { TABLE_NAME: table.tableName, POWERTOOLS_SERVICE_NAME: 'servicedesk' };
  const withSecrets = { DESK_SECRET_ARN: secrets.secretArn, PUBLIC_URL: publicUrl };
  for (const row of lambdaFunctions) {
    const environment = {
      ...base,
      ...(row.secrets ? withSecrets : {}),
      // Starting handlers start the ticket's execution.
      ...(row.starts ? { STATE_MACHINE_ARN: lifecycleArn } : {}),
      ...(row.handler.startsWith('console-') ? consoleSignIn : {}),
    };
    const timeout = row.timeoutSeconds ? Duration.seconds(row.timeoutSeconds) : undefined;
    const created = deskFunction(scope, functionId(row.handler), {
      entry: row.entry,
      environment,
      policyFile: props.policyFile,
      timeout,
      memorySize: row.memoryMb,
    });
    functions[row.handler] = created;
    tableAccess(table, row.store, created);
    if (row.secrets) secrets.grantRead(created);
    if (row.answersTasks) created.addToRolePolicy(taskResponse(lifecycleArn));
    if (row.starts)
      created.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }),
      );
  }
  const functionOf = (handler: string) => functions[handler]!;
  const functionsFor = (trigger: Trigger) =>
    lambdaFunctions.filter((r) => r.trigger === trigger).map((r) => functionOf(r.handler));
  return { functions, functionOf, functionsFor };
}

/**
 * Item-level access to the table and its named indexes, nothing wider: readers get (one or a batch) and query;
 * writers also put and update (a TransactWriteItems of puts needs PutItem per item).
 */
/**
 * `sessions`: reads, and writes only items under the console's own key prefixes (IAM's LeadingKeys);
 * `portal`: the same, under the portal's one prefix; `reports`: under the service reports' one prefix.
 */
function tableAccess(table: dynamodb.Table, mode: TableAccess, grantee: lambda.IFunction): void {
  // BatchGetItem: a search checks its other words and reads its heads by batch (the dispatcher its aliases).
  const read = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
  const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
  grantee.addToRolePolicy(
    new iam.PolicyStatement({ actions: mode === 'write' ? [...read, ...write] : read, resources: [table.tableArn] }),
  );
  if (mode === 'sessions' || mode === 'portal' || mode === 'reports') {
    const leadingKeys =
      mode === 'portal'
        ? [`${PORTAL_ITEM_PREFIX}*`]
        : mode === 'reports'
          ? [`${REPORT_ITEM_PREFIX}*`]
          : Object.values(consoleItemPrefixes).map((prefix) => `${prefix}*`);
    grantee.addToRolePolicy(
      new iam.PolicyStatement({
        actions: write,
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeys } },
      }),
    );
  }
  grantee.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: Object.values(indexNames).map((name) => `${table.tableArn}/index/${name}`),
    }),
  );
}

/** SendTaskSuccess on the lifecycle's executions: waking a parked ticket (its token names the execution). */
export function taskResponse(lifecycleArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [lifecycleArn] });
}
