// Mail out on AWS: SES for the mail domain, the outbox dispatcher fed by the table stream (new
// outbox items) and a schedule that sweeps up retries; only senders of the function table may
// send, from the policy's first desk address.
import { Duration, type Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as ses from 'aws-cdk-lib/aws-ses';
import { lambdaFunctions, type Trigger } from '../functions/function-table';

export function mailOut(
  scope: Stack,
  deps: {
    mailDomain: string;
    senderAddress: string;
    functionOf: (handler: string) => NodejsFunction;
    functionsFor: (trigger: Trigger) => NodejsFunction[];
    fromStream: (prefix: { sk: unknown }) => DynamoEventSource;
  },
) {
  const { mailDomain, senderAddress, functionOf, functionsFor, fromStream } = deps;
  const configurationSet = new ses.ConfigurationSet(scope, 'Outgoing', {
    suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });
  const identity = new ses.EmailIdentity(scope, 'MailDomain', {
    identity: ses.Identity.domain(mailDomain),
    configurationSet,
  });
  const [dispatch] = functionsFor('outbox') as [NodejsFunction];
  dispatch.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
  for (const sender of lambdaFunctions.filter((r) => r.sends).map((r) => functionOf(r.handler)))
    sender.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          scope.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
          scope.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
      }),
    );
  dispatch.addEventSource(fromStream({ sk: { S: lambda.FilterRule.beginsWith('OUTBOX#') } }));
  // Retries that backed off are swept up from the pending-outbox index.
  new events.Rule(scope, 'OutboxSweep', {
    schedule: events.Schedule.rate(Duration.minutes(5)),
    targets: [new targets.LambdaFunction(dispatch)],
  });

  return dispatch;
}
