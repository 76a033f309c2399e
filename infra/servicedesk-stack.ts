// The desk on AWS: the single table, one Lambda per handler, the HTTP API (agents behind Cognito,
// webhooks and links verified by their handlers), mail in through SES → S3 and out through the
// outbox on the table stream, each ticket's lifecycle as a Step Functions execution generated from
// the statechart, secrets in Secrets Manager, and alarms that page a person.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { lambdaFunctions, type Trigger } from '../functions/function-table';
import { httpRoutes } from '../functions/http/route-table';
import { MAIL_FAILED_LOG, MAIL_FAILED_METRIC } from '../functions/outbox/mail-failed-log';
import { consoleItemPrefixes, indexNames, tableDefinition } from '../functions/store/table-schema';
import type { Policy } from '../workflows/policy/policy';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import { lifecycleDefinition, stalledTicketAlarmDescription } from './lifecycle-state-machine';
import { deskFunction, functionId, stateMachineArn } from './desk-function';

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

const attributeType = (type: string | undefined) =>
  type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING;

export class ServiceDeskStack extends Stack {
  readonly table: dynamodb.Table;
  readonly functions: Record<string, NodejsFunction> = {};

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
    const definition = tableDefinition('servicedesk');
    const attribute = (name: string) => ({
      name,
      type: attributeType(definition.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType),
    });

    // ---- State: the single table (docs/architecture.md, the data model), its indexes from the same schema the local desk uses.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: attribute('pk'),
      sortKey: attribute('sk'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Link nonces and rate counters expire on their own.
      timeToLiveAttribute: 'expiresAt',
      // Keys only: the stream's consumers read the item they need, consistently.
      stream: dynamodb.StreamViewType.KEYS_ONLY,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      const [hash, range] = index.KeySchema!;
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName!,
        partitionKey: attribute(hash!.AttributeName!),
        sortKey: range ? attribute(range.AttributeName!) : undefined,
        projectionType:
          index.Projection?.ProjectionType === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
      });
    }

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

    // ---- The HTTP API and its functions.
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    const api = new apigw.HttpApi(this, 'Api', {
      createDefaultStage: false,
      description: 'Service desk: agents, webhooks, customer links',
    });
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    (stage.node.defaultChild as apigw.CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latency: '$context.responseLatency',
        agent: '$context.authorizer.claims.email',
      }),
    };
    const publicUrl = props.publicUrl ?? api.apiEndpoint;
    const machineName = `${this.stackName}-ticket-lifecycle`;
    const lifecycleArn = stateMachineArn(this, machineName);

    const users = new cognito.UserPool(this, 'Agents', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SRP only: with the hosted UI domain below, CDK's default OAuth flows (implicit grant to example.com) must stay off here.
    const agentClient = users.addClient('AgentClient', {
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    const authorizer = new HttpUserPoolAuthorizer('AgentAuthorizer', users, { userPoolClients: [agentClient] });
    // The console's sign-in: the pool's hosted UI, an authorization-code client with PKCE and no
    // secret (the browser flow never sees one); the console's functions verify the ID token themselves.
    // Hosted-UI prefixes are unique per region across all accounts: the account id keeps ours free.
    const signInDomain = users.addDomain('ConsoleDomain', {
      cognitoDomain: { domainPrefix: `${this.stackName.toLowerCase()}-${this.account}` },
    });
    const consoleClient = users.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${publicUrl}/console/sign-in/callback`],
        logoutUrls: [`${publicUrl}/console/sign-in`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
    });
    const consoleSignIn = {
      COGNITO_DOMAIN: signInDomain.baseUrl(),
      COGNITO_CLIENT_ID: consoleClient.userPoolClientId,
      COGNITO_ISSUER: `https://cognito-idp.${this.region}.amazonaws.com/${users.userPoolId}`,
    };

    // ---- The functions, every one a row of the function table: environment and grants from its row.
    const base = { TABLE_NAME: this.table.tableName, POWERTOOLS_SERVICE_NAME: 'servicedesk' };
    const withSecrets = { DESK_SECRET_ARN: secrets.secretArn, PUBLIC_URL: publicUrl };
    for (const row of lambdaFunctions) {
      const environment = {
        ...base,
        ...(row.secrets ? withSecrets : {}),
        // Committing handlers wake the ticket's parked execution; starting ones start it.
        ...(row.wakes || row.starts ? { STATE_MACHINE_ARN: lifecycleArn } : {}),
        ...(row.handler.startsWith('console-') ? consoleSignIn : {}),
      };
      const timeout = row.timeoutSeconds ? Duration.seconds(row.timeoutSeconds) : undefined;
      const created = deskFunction(this, functionId(row.handler), {
        entry: row.entry,
        environment,
        policyFile: props.policyFile,
        timeout,
        memorySize: row.memoryMb,
      });
      this.functions[row.handler] = created;
      tableAccess(this.table, row.store, created);
      if (row.secrets) secrets.grantRead(created);
      if (row.wakes) created.addToRolePolicy(taskResponse(lifecycleArn));
      if (row.starts)
        created.addToRolePolicy(
          new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }),
        );
    }
    const functionOf = (handler: string) => this.functions[handler]!;
    const functionsFor = (trigger: Trigger) =>
      lambdaFunctions.filter((r) => r.trigger === trigger).map((r) => functionOf(r.handler));

    // ---- The HTTP API: each route of the route table to its handler's function.
    for (const route of httpRoutes) {
      api.addRoutes({
        path: route.path,
        // HEAD beside every GET: link scanners probe with it, and it must answer (never act).
        methods: route.method === 'GET' ? [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD] : [apigw.HttpMethod.POST],
        integration: new HttpLambdaIntegration(`${route.handler}-${route.method}`, functionOf(route.handler)),
        authorizer: route.access === 'agent' ? authorizer : undefined,
      });
    }

    // ---- The lifecycle: park and advance, and the state machine generated from the statechart.
    const park = functionOf('park-ticket');
    // The park task answers its own token at once when the ticket moved past the version it parked for.
    park.addToRolePolicy(taskResponse(lifecycleArn));
    const advance = functionOf('advance-ticket');

    // Under /aws/vendedlogs/ Step Functions needs no log resource policy per log group (their size is capped per account).
    const lifecycleLogs = new logs.LogGroup(this, 'TicketLifecycleLogs', {
      logGroupName: `/aws/vendedlogs/states/${machineName}`,
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const machine = createTicketMachine(props.policy);
    const lifecycle = new sfn.StateMachine(this, 'TicketLifecycle', {
      stateMachineName: machineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(
        this.toJsonString(lifecycleDefinition(machine, { park: park.functionArn, advance: advance.functionArn })),
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
    lifecycle.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [lifecycleArn] }),
    );

    // ---- The table stream: new tickets start their execution; new outbox messages go out through SES.
    const streamFailures = new sqs.Queue(this, 'StreamFailures', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const fromStream = (prefix: { sk: unknown }) =>
      new DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 8,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(streamFailures),
        filters: [
          lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { Keys: prefix } }),
        ],
      });

    for (const start of functionsFor('new-ticket'))
      start.addEventSource(fromStream({ sk: { S: lambda.FilterRule.isEqual('HEAD') } }));

    const configurationSet = new ses.ConfigurationSet(this, 'Outgoing', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const identity = new ses.EmailIdentity(this, 'MailDomain', {
      identity: ses.Identity.domain(props.mailDomain),
      configurationSet,
    });
    const [dispatch] = functionsFor('outbox') as [NodejsFunction];
    dispatch.addEnvironment('SES_CONFIGURATION_SET', configurationSet.configurationSetName);
    for (const sender of lambdaFunctions.filter((r) => r.sends).map((r) => functionOf(r.handler)))
      sender.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [
            this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
            this.formatArn({
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
    new events.Rule(this, 'OutboxSweep', {
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(dispatch)],
    });

    // ---- Mail in: SES receipt rule → encrypted bucket → email intake.
    const accessLogBucket = new s3.Bucket(this, 'MailAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    });
    const mail = new s3.Bucket(this, 'Mail', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: false,
      serverAccessLogsBucket: accessLogBucket,
      serverAccessLogsPrefix: 'mail/',
      lifecycleRules: [
        // What SES drops here is read once; the intake keeps its own content-addressed copy.
        { id: 'inbound', prefix: 'inbound/', expiration: Duration.days(30) },
        {
          id: 'kept-mail',
          prefix: 'raw/',
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(2 * 365),
        },
        {
          id: 'attachments',
          prefix: 'attachments/',
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: Duration.days(2 * 365),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const keeper of lambdaFunctions.filter((r) => r.mailBucket).map((r) => functionOf(r.handler))) {
      keeper.addEnvironment('MAIL_BUCKET', mail.bucketName);
      keeper.addEnvironment('INBOUND_PREFIX', 'inbound/');
      keeper.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [mail.arnForObjects('inbound/*')] }),
      );
      keeper.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [mail.arnForObjects('raw/*'), mail.arnForObjects('attachments/*')],
        }),
      );
    }
    for (const reader of lambdaFunctions.filter((r) => r.keptMail).map((r) => functionOf(r.handler))) {
      reader.addEnvironment('MAIL_BUCKET', mail.bucketName);
      reader.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [mail.arnForObjects('raw/*')] }),
      );
      reader.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [mail.arnForObjects('attachments/*')] }),
      );
    }
    const [receive] = functionsFor('ses-receipt') as [NodejsFunction];
    // SES invokes the intake asynchronously: what still fails after Lambda's two retries is kept
    // (the raw message stays in inbound/ for 30 days, named by its SES message id) and alarmed.
    const intakeFailures = new sqs.Queue(this, 'IntakeFailures', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    receive.configureAsyncInvoke({
      onFailure: new destinations.SqsDestination(intakeFailures),
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
    });
    const ruleSet = new ses.ReceiptRuleSet(this, 'Inbound', {});
    ruleSet.addRule('ToTheDesk', {
      recipients: [props.mailDomain],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket: mail, objectKeyPrefix: 'inbound/' }),
        new sesActions.Lambda({ function: receive, invocationType: sesActions.LambdaInvocationType.EVENT }),
      ],
    });

    // ---- Alarms: anything that needs a person.
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(page);
    alarm(
      'StreamFailuresWaiting',
      streamFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'Stream records (new tickets or outgoing mail) failed after every retry: see the StreamFailures queue',
    );
    alarm(
      'IntakeFailuresWaiting',
      intakeFailures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'Inbound mail failed intake after every retry: see the IntakeFailures queue; the message is in the mail bucket under inbound/<SES message id>',
    );
    // Every way a lifecycle cannot go on ends in a failed execution (a stalled ticket included).
    alarm(
      'LifecycleExecutionsFailed',
      lifecycle.metricFailed({ period: Duration.minutes(5) }),
      stalledTicketAlarmDescription(lifecycle.stateMachineArn),
    );
    alarm(
      'LifecycleExecutionsTimedOut',
      lifecycle.metricTimedOut({ period: Duration.minutes(5) }),
      'A ticket lifecycle execution timed out',
    );
    // The dispatcher logs each mail that failed for good once, at error level: counted, and paged.
    const mailFailed = new logs.MetricFilter(this, 'OutgoingMailFailedLines', {
      logGroup: dispatch.logGroup,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
        logs.FilterPattern.stringValue('$.message', '=', MAIL_FAILED_LOG),
      ),
      metricNamespace: MAIL_FAILED_METRIC.namespace,
      metricName: MAIL_FAILED_METRIC.name,
      metricValue: '1',
    });
    alarm(
      'OutgoingMailFailed',
      mailFailed.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
      'An outgoing mail failed for good (refused, suppressed address, or out of retry time): the ticket is marked in the console queue, whose ticket page offers to resend it',
    );
    for (const [handler, created] of Object.entries(this.functions)) {
      alarm(
        `${functionId(handler)}Errors`,
        created.metricErrors({ period: Duration.minutes(5) }),
        `The ${handler} function failed`,
      );
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: users.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: agentClient.userPoolClientId });
    new CfnOutput(this, 'ConsoleSignInUrl', {
      value: signInDomain.baseUrl(),
      description: 'The Cognito hosted UI the console sends agents to',
    });
    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: ruleSet.receiptRuleSetName,
      description: 'Activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(this, 'DeskSecretArn', { value: secrets.secretArn });
    new CfnOutput(this, 'StateMachineArn', { value: lifecycle.stateMachineArn });
  }
}

/**
 * Item-level access to the table and its named indexes, nothing wider: readers get and query;
 * writers also put and update (a TransactWriteItems of puts needs PutItem per item).
 */
/** `sessions`: reads, and writes only items under the console's own key prefixes (IAM's LeadingKeys). */
function tableAccess(table: dynamodb.Table, mode: 'read' | 'sessions' | 'write', grantee: lambda.IFunction): void {
  const read = ['dynamodb:GetItem', 'dynamodb:Query'];
  const write = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
  grantee.addToRolePolicy(
    new iam.PolicyStatement({ actions: mode === 'write' ? [...read, ...write] : read, resources: [table.tableArn] }),
  );
  if (mode === 'sessions') {
    const leadingKeys = Object.values(consoleItemPrefixes).map((prefix) => `${prefix}*`);
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

/** SendTaskSuccess on the lifecycle's executions: waking a parked ticket. */
function taskResponse(lifecycleArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [lifecycleArn] });
}
