// The desk on AWS: the single table, one Lambda per row of the function table, the HTTP API
// (agents behind Cognito, webhooks and links verified by their handlers), mail in through SES → S3
// and out through the outbox on the table stream, each ticket's lifecycle as a Step Functions
// execution generated from the statechart, secrets in Secrets Manager, and alarms that page a
// person — each part built by its own named builder, all in this one stack's scope (so the
// CloudFormation logical ids stay those the stack always had).
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Policy } from '../workflows/policy/policy';
import { deskAlarms } from './desk-alarms';
import { deskApi, routeApi } from './desk-api';
import { stateMachineArn } from './desk-function';
import { deskLifecycle } from './desk-lifecycle';
import { deskTable } from './desk-table';
import { deskLambdas } from './lambdas';
import { mailIn } from './mail-in';
import { mailOut } from './mail-out';
import { tableStream } from './table-stream';

export interface ServiceDeskStackProps extends StackProps {
  /** The domain customers mail, e.g. `desk.example.com`; SES receives for it. */
  mailDomain: string;
  /** Who the alarms page. */
  alarmEmail: string;
  /** The validated policy the desk runs under. */
  policy: Policy;
  /** A policy JSON file to ship with the functions; without it they run the built-in defaults. */
  policyFile?: string;
  /** Where customer links point; the HTTP API's own URL when not given. */
  publicUrl?: string;
}

export class ServiceDeskStack extends Stack {
  readonly table: dynamodb.Table;
  readonly functions: Record<string, NodejsFunction>;

  constructor(scope: Construct, id: string, props: ServiceDeskStackProps) {
    super(scope, id, props);
    // The desk sends from the policy's first address and reads every desk address; SES receives and
    // may send only for the mail domain, so a policy with addresses elsewhere fails here, not in SES.
    const senderAddress = props.policy.intake.deskAddresses[0]!;
    const foreign = props.policy.intake.deskAddresses.filter(
      (address) => address.split('@')[1]?.toLowerCase() !== props.mailDomain.toLowerCase(),
    );
    if (foreign.length)
      throw new Error(
        `the policy's desk addresses ${foreign.join(', ')} are not in the mail domain ${props.mailDomain}`,
      );
    this.table = deskTable(this);
    const secrets = new secretsmanager.Secret(this, 'DeskSecrets', {
      description:
        'Link signing keys (LINK_SIGNING_KEYS, newest first) and webhook secrets by the names the policy gives them',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'LINK_SIGNING_KEYS',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });

    const alarms = new sns.Topic(this, 'Alarms', { enforceSSL: true });
    alarms.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const page = new cwActions.SnsAction(alarms);

    const { api, authorizer, publicUrl, users, agentClient, signInDomain, consoleSignIn } = deskApi(this, props);
    const machineName = `${this.stackName}-ticket-lifecycle`;
    const lifecycleArn = stateMachineArn(this, machineName);
    const built = deskLambdas(this, {
      table: this.table,
      secrets,
      publicUrl,
      lifecycleArn,
      consoleSignIn,
      policyFile: props.policyFile,
    });
    this.functions = built.functions;
    const { functions, functionOf, functionsFor } = built;
    routeApi(api, authorizer, functionOf);

    const lifecycle = deskLifecycle(this, { policy: props.policy, machineName, lifecycleArn, functionOf });
    // The table stream: new tickets start their execution, a head that lost its park token wakes
    // it; new outbox messages go out through SES.
    const { streamFailures, fromStream, parkTokenTaken } = tableStream(this, this.table);
    for (const start of functionsFor('new-ticket'))
      start.addEventSource(fromStream({ sk: { S: lambda.FilterRule.isEqual('HEAD') } }));
    for (const wake of functionsFor('park-token-taken')) wake.addEventSource(parkTokenTaken());
    const dispatch = mailOut(this, {
      mailDomain: props.mailDomain,
      senderAddress,
      functionOf,
      functionsFor,
      fromStream,
    });
    const mail = mailIn(this, { mailDomain: props.mailDomain, functionOf, functionsFor });
    deskAlarms(this, { page, streamFailures, intakeFailures: mail.intakeFailures, lifecycle, dispatch, functions });

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: users.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: agentClient.userPoolClientId });
    new CfnOutput(this, 'ConsoleSignInUrl', {
      value: signInDomain.baseUrl(),
      description: 'The Cognito hosted UI the console sends agents to',
    });
    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: mail.ruleSet.receiptRuleSetName,
      description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(this, 'DeskSecretArn', { value: secrets.secretArn });
    new CfnOutput(this, 'StateMachineArn', { value: lifecycle.stateMachineArn });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: 'The desk table (TABLE_NAME for npm run reindex after an upgrade)',
    });
  }
}
