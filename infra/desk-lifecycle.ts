// Each ticket's lifecycle on AWS: the Standard state machine generated from the statechart, with
// the park and advance functions as its tasks, logging everything to a vended log group, traced.
import { type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Policy } from '../workflows/policy/policy';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import { lifecycleDefinition } from './lifecycle-state-machine';
import { taskResponse } from './lambdas';

export function deskLifecycle(
  scope: Stack,
  deps: { policy: Policy; machineName: string; lifecycleArn: string; functionOf: (handler: string) => NodejsFunction },
) {
  const { policy, machineName, lifecycleArn, functionOf } = deps;
  const park = functionOf('park-ticket');
  // The park task answers its own token at once when the ticket moved past the version it parked for.
  park.addToRolePolicy(taskResponse(lifecycleArn));
  const advance = functionOf('advance-ticket');

  // Under /aws/vendedlogs/ Step Functions needs no log resource policy per log group (their size is capped per account).
  const lifecycleLogs = new logs.LogGroup(scope, 'TicketLifecycleLogs', {
    logGroupName: `/aws/vendedlogs/states/${machineName}`,
    retention: logs.RetentionDays.THREE_MONTHS,
  });
  const machine = createTicketMachine(policy);
  const lifecycle = new sfn.StateMachine(scope, 'TicketLifecycle', {
    stateMachineName: machineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(
      scope.toJsonString(lifecycleDefinition(machine, { park: park.functionArn, advance: advance.functionArn })),
    ),
    tracingEnabled: true,
    logs: { destination: lifecycleLogs, level: sfn.LogLevel.ALL, includeExecutionData: true },
  });
  // The exact functions, not their versions and aliases (which grantInvoke's `:*` would add).
  lifecycle.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [park.functionArn, advance.functionArn],
    }),
  );
  // Continuing in a new execution starts one of itself.
  lifecycle.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }));

  return lifecycle;
}
