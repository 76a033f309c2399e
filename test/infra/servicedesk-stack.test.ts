// The CDK stack, synthesized offline: its resources and their key properties, least privilege,
// and cdk-nag's AwsSolutions checks with nothing unacknowledged. Bundling is skipped here (one
// spec below bundles a real function with the local esbuild to prove that path).
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { build } from 'esbuild';
import { lambdaFunctions, lambdaRow } from '../../functions/function-table';
import { httpRoutes } from '../../functions/http/route-table';
import { MAIL_FAILED_LOG, MAIL_FAILED_METRIC } from '../../functions/outbox/mail-failed-log';
import { consoleItemPrefixes, tableDefinition } from '../../functions/store/table-schema';
import { deskFunction, functionId } from '../../infra/desk-function';
import { LIFECYCLE_ERRORS, stalledTicketAlarmDescription } from '../../infra/lifecycle-state-machine';
import { acknowledgeNagFindings } from '../../infra/nag-acknowledgements';
import { ServiceDeskStack } from '../../infra/servicedesk-stack';
import { defaultPolicy } from '../../workflows/policy/default-policy';
import { lifecycleStatuses } from '../../workflows/lifecycle/state-titles';
import { createTicketMachine } from '../../workflows/lifecycle/ticket-machine';

const props = { mailDomain: 'desk.example.com', alarmEmail: 'ops@desk.example.com', policy: defaultPolicy };

function synth() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ServiceDeskStack(app, 'ServiceDesk', props);
  acknowledgeNagFindings(stack);
  return { app, stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (rolePrefix: string): Statement[] =>
  Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(`${rolePrefix}RoleDefaultPolicy`))
    .flatMap(
      ([, policy]) =>
        (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    );
const actionsOf = (rolePrefix: string) =>
  statementsOf(rolePrefix).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

describe('the desk on AWS (CDK stack)', () => {
  it('keeps state in one on-demand table with point-in-time recovery, TTL on expiring items, and a stream for the outbox', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: (tableDefinition('x').GlobalSecondaryIndexes ?? []).map((index) =>
        Match.objectLike({ IndexName: index.IndexName, Projection: index.Projection }),
      ),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('runs every handler as its own ARM64 function on the newest Node.js runtime, traced', () => {
    const handlers = new Set([
      ...httpRoutes.map((r) => r.handler),
      'park-ticket',
      'advance-ticket',
      'start-lifecycle',
      'wake-lifecycle',
      'dispatch-outbox',
      'receive-email',
    ]);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: { Runtime: string; Architectures: string[]; TracingConfig: unknown };
    }[];
    expect(functions).toHaveLength(handlers.size);
    for (const fn of functions)
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'PassThrough' },
      });
  });

  it('serves every route of the route table; agent routes only behind the Cognito JWT authorizer', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: Match.anyValue() },
    });
    for (const route of httpRoutes) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.access === 'agent' ? 'JWT' : 'NONE',
      });
    }
    // Every GET has a HEAD twin (link scanners probe with HEAD; it answers, never acts).
    for (const route of httpRoutes.filter((r) => r.method === 'GET'))
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `HEAD ${route.path}` });
    template.resourceCountIs(
      'AWS::ApiGatewayV2::Route',
      httpRoutes.length + httpRoutes.filter((r) => r.method === 'GET').length,
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it("has one Cognito group per policy team, named by the team's id: an agent's groups are their teams", () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')) as {
      Properties: { GroupName: string; Description: string; UserPoolId: unknown };
    }[];
    expect(groups.map((g) => [g.Properties.GroupName, g.Properties.Description]).sort()).toEqual(
      defaultPolicy.teams.map((t) => [t.id, t.name]).sort(),
    );
    const [pool] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: pool });
  });

  it('lets agents sign in to the console through the pool: a hosted UI domain and a PKCE code-grant client without a secret', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['servicedesk-', { Ref: 'AWS::AccountId' }]] },
      UserPoolId: Match.anyValue(),
    });
    const clients = Object.entries(template.findResources('AWS::Cognito::UserPoolClient')) as [
      string,
      { Properties: Record<string, unknown> },
    ][];
    expect(clients).toHaveLength(2);
    const consoleClient = clients.find(([id]) => id.startsWith('AgentsConsoleClient'))![1];
    // The agents' API client offers no OAuth flow at all (no implicit grant through the hosted UI).
    expect(clients.find(([id]) => id.startsWith('AgentsAgentClient'))![1].Properties.AllowedOAuthFlows).toBeUndefined();
    expect(consoleClient.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: expect.arrayContaining(['openid', 'email']),
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect((consoleClient.Properties.AllowedOAuthScopes as string[]).sort()).toEqual(['email', 'openid']);
    const [callback] = stack.resolve(consoleClient.Properties.CallbackURLs) as unknown[];
    expect(JSON.stringify(callback)).toContain('/console/sign-in/callback');
    expect(JSON.stringify(stack.resolve(consoleClient.Properties.LogoutURLs))).toMatch(/\/console\/sign-in"/);
  });

  it('gives the Cognito sign-in settings to the console handlers only', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')) as [
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } },
    ][];
    const consoleIds = new Set(
      httpRoutes.filter((r) => r.handler.startsWith('console-')).map((r) => functionId(r.handler)),
    );
    expect(consoleIds.has('ConsoleCognito')).toBe(true);
    let withCognito = 0;
    for (const [id, fn] of functions) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      const isConsole = [...consoleIds].some((name) => id.startsWith(name) && !id.startsWith(`${name}Logs`));
      const keys = ['COGNITO_DOMAIN', 'COGNITO_CLIENT_ID', 'COGNITO_ISSUER'].filter((key) => key in variables);
      expect({ id, keys }).toEqual({
        id,
        keys: isConsole ? ['COGNITO_DOMAIN', 'COGNITO_CLIENT_ID', 'COGNITO_ISSUER'] : [],
      });
      if (isConsole) {
        withCognito += 1;
        expect(JSON.stringify(variables.COGNITO_ISSUER)).toContain('https://cognito-idp.');
        expect(JSON.stringify(variables.COGNITO_DOMAIN)).toContain('amazoncognito.com');
      }
    }
    expect(withCognito).toBe(consoleIds.size);
  });

  it('models each ticket as a Standard state machine generated from the statechart, logging everything, traced', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [machine] = Object.values(machines) as {
      Properties: {
        StateMachineType: string;
        DefinitionString: unknown;
        LoggingConfiguration: { Level: string };
        TracingConfiguration: { Enabled: boolean };
      };
    }[];
    expect(machine!.Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
      TracingConfiguration: { Enabled: true },
    });
    const definition = JSON.stringify(stack.resolve(machine!.Properties.DefinitionString));
    for (const status of lifecycleStatuses(createTicketMachine(defaultPolicy)))
      expect(definition).toContain(`${status.final ? 'Done' : 'Wait'}: ${status.title.en}`);
  });

  it('takes mail in through SES into an encrypted, expiring bucket, then the intake function', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Recipients: ['desk.example.com'],
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: Match.objectLike({ InvocationType: 'Event' }) },
        ],
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 30 })]),
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it("lets the console's original-mail page read kept raw mail and write nothing; only a release keeps attachments again", () => {
    const s3 = (role: string) => statementsOf(role).filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    const resources = (role: string, action: string) =>
      s3(role)
        .filter((st) => [st.Action].flat().includes(action))
        .map((st) => JSON.stringify(st.Resource));
    expect(resources('ConsoleMailOriginal', 's3:GetObject')).toEqual([expect.stringContaining('/raw/*')]);
    expect(resources('ConsoleMailOriginal', 's3:PutObject')).toEqual([]);
    expect(
      actionsOf('ConsoleMailOriginal').filter((a) => a === 'dynamodb:PutItem' || a === 'dynamodb:UpdateItem'),
    ).toEqual([]);
    expect(resources('ReleaseQuarantine', 's3:GetObject')).toEqual([expect.stringContaining('/raw/*')]);
    expect(resources('ReleaseQuarantine', 's3:PutObject')).toEqual([expect.stringContaining('/attachments/*')]);
  });

  it("lets the functions that take agents' uploads write attachments/ only, and read no file or raw mail", () => {
    const s3 = (role: string, action: string) =>
      statementsOf(role)
        .filter((st) => [st.Action].flat().includes(action))
        .map((st) => JSON.stringify(st.Resource));
    for (const role of ['PostTicketEvent', 'ConsoleAction']) {
      expect(s3(role, 's3:PutObject')).toEqual([expect.stringContaining('/attachments/*')]);
      expect(s3(role, 's3:GetObject')).toEqual([]);
    }
    expect(s3('GetTicketFile', 's3:PutObject')).toEqual([]);
  });

  it('consumes the table stream with bisect-on-error, retries, batch item failures and a dead-letter queue', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(mappings).toHaveLength(3);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 8,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
        FilterCriteria: { Filters: [expect.anything()] },
      });
    }
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('wakes a parked execution from the stream only when a commit took the park token off a head, and only that function (and park) answers task tokens', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')) as {
      Properties: { FilterCriteria: { Filters: { Pattern: string }[] } };
    }[];
    const patterns = mappings.map((m) => JSON.parse(m.Properties.FilterCriteria.Filters[0]!.Pattern) as unknown);
    expect(patterns).toContainEqual({
      eventName: ['MODIFY'],
      dynamodb: {
        Keys: { sk: { S: ['HEAD'] } },
        OldImage: { parkToken: { S: [{ exists: true }] } },
        NewImage: { parkToken: { S: [{ exists: false }] } },
      },
    });
    const answering = lambdaFunctions
      .filter((row) => actionsOf(functionId(row.handler)).includes('states:SendTaskSuccess'))
      .map((row) => row.handler);
    expect(answering.sort()).toEqual(['park-ticket', 'wake-lifecycle']);
    expect(actionsOf(functionId('wake-lifecycle'))).not.toContain('dynamodb:PutItem');
  });

  it('pages a person on dead letters, failed executions and handler errors', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName: string; AlarmActions: unknown[] };
    }[];
    const metrics = alarms.map((a) => a.Properties.MetricName);
    expect(metrics).toEqual(
      expect.arrayContaining([
        'ApproximateNumberOfMessagesVisible',
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'Errors',
        MAIL_FAILED_METRIC.name,
      ]),
    );
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(
      Object.keys(template.findResources('AWS::Lambda::Function')).length,
    );
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@desk.example.com' });
  });

  it('serves the resend of a failed mail to agents (JWT) and to the console, each its own function that neither wakes executions nor sends mail', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /v1/tickets/{id}/outbox/{seq}/{n}/resend',
      AuthorizationType: 'JWT',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /console/tickets/{id}/outbox/{seq}/{n}/resend',
      AuthorizationType: 'NONE',
    });
    for (const role of ['ResendMail', 'ConsoleResendMail']) {
      expect(actionsOf(role)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:UpdateItem']));
      expect(
        actionsOf(role).filter((a) => a.startsWith('states:') || a.startsWith('ses:') || a === 'dynamodb:DeleteItem'),
      ).toEqual([]);
    }
    expect(actionsOf('ResendMail')).not.toContain('secretsmanager:GetSecretValue');
    expect(actionsOf('ConsoleResendMail')).toContain('secretsmanager:GetSecretValue');
    const environments = Object.entries(template.findResources('AWS::Lambda::Function')) as [
      string,
      { Properties: { Environment?: { Variables?: Record<string, unknown> } } },
    ][];
    const resendFunctions = environments.filter(([id]) => /^(Console)?ResendMail[0-9A-F]{8}$/.test(id));
    expect(resendFunctions).toHaveLength(2);
    for (const [, fn] of resendFunctions)
      expect(fn.Properties.Environment?.Variables).not.toHaveProperty('STATE_MACHINE_ARN');
  });

  it("alarms on every outgoing mail that fails for good, counted from the dispatcher's own error line", () => {
    const filters = Object.values(template.findResources('AWS::Logs::MetricFilter')) as {
      Properties: {
        FilterPattern: string;
        LogGroupName: unknown;
        MetricTransformations: { MetricNamespace: string; MetricName: string; MetricValue: string }[];
      };
    }[];
    expect(filters).toHaveLength(1);
    const [filter] = filters;
    expect(filter!.Properties.LogGroupName).toEqual({ Ref: expect.stringMatching(/^DispatchOutboxLogs/) });
    expect(filter!.Properties.MetricTransformations).toEqual([
      { MetricNamespace: MAIL_FAILED_METRIC.namespace, MetricName: MAIL_FAILED_METRIC.name, MetricValue: '1' },
    ]);
    // The pattern's conditions hold for the line a Powertools Logger really writes for a failed mail.
    const conditions = [...filter!.Properties.FilterPattern.matchAll(/\$\.(\w+) = "([^"]*)"/g)].map(
      ([, field, value]) => [field, value],
    );
    expect(conditions).toEqual([
      ['level', 'ERROR'],
      ['message', MAIL_FAILED_LOG],
    ]);
    const written: string[] = [];
    const spy = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation(((chunk: unknown) => written.push(String(chunk)) > 0) as typeof process.stderr.write);
    try {
      new Logger({ serviceName: 'servicedesk-outbox' }).error(MAIL_FAILED_LOG, { ticketId: 'INC-2026-000001' });
    } finally {
      spy.mockRestore();
    }
    const line = JSON.parse(written.join('')) as Record<string, unknown>;
    for (const [field, value] of conditions) expect(line[field!]).toBe(value);

    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: Record<string, unknown>;
    }[];
    const alarm = alarms.find((a) => a.Properties.MetricName === MAIL_FAILED_METRIC.name);
    expect(alarm?.Properties).toMatchObject({
      Namespace: MAIL_FAILED_METRIC.namespace,
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [expect.anything()],
    });
    expect(String(alarm?.Properties.AlarmDescription)).toContain('An outgoing mail failed for good');
  });

  it('grants each function only what it does: readers cannot write, committers wake no execution themselves, only the dispatcher sends mail', () => {
    expect(actionsOf('ListTickets')).not.toContain('dynamodb:PutItem');
    expect(actionsOf('ListTickets').filter((a) => a.startsWith('states:') || a.startsWith('secretsmanager:'))).toEqual(
      [],
    );
    expect(actionsOf('PostTicketEvent')).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'secretsmanager:GetSecretValue']),
    );
    // The table stream wakes parked executions (wake-lifecycle), not the committing functions.
    expect(actionsOf('PostTicketEvent')).not.toContain('states:SendTaskSuccess');
    expect(actionsOf('DispatchOutbox')).toEqual(expect.arrayContaining(['ses:SendEmail']));
    for (const role of ['PostTicketEvent', 'ReceiveWebhook', 'ReceiveEmail', 'ParkTicket'])
      expect(actionsOf(role)).not.toContain('ses:SendEmail');
    // No managed policies: each role writes only to its own log group.
    for (const role of Object.values(template.findResources('AWS::IAM::Role')) as {
      Properties: { ManagedPolicyArns?: unknown[] };
    }[])
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(statementsOf('ListTickets'))).not.toMatch(/index\/\*/);
  });

  it('grants table writes as the route table says: the sign-in handlers write only sessions, sign-in nonces and throttle counters (the portal its PORTAL# items only), and wake nothing', () => {
    const writesOf = (handler: string) =>
      statementsOf(functionId(handler)).filter((s) =>
        [s.Action].flat().some((a) => a === 'dynamodb:PutItem' || a === 'dynamodb:UpdateItem'),
      );
    const wakes = (handler: string) => actionsOf(functionId(handler)).includes('states:SendTaskSuccess');
    for (const route of httpRoutes) {
      const writes = writesOf(route.handler);
      if (route.store === 'read')
        expect({ handler: route.handler, writes, wakes: wakes(route.handler) }).toEqual({
          handler: route.handler,
          writes: [],
          wakes: false,
        });
      if (route.store === 'sessions') {
        expect({ handler: route.handler, wakes: wakes(route.handler) }).toEqual({
          handler: route.handler,
          wakes: false,
        });
        expect(writes.map((w) => w.Condition)).toEqual([
          { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SESSION#*', 'LOGIN#*', 'THROTTLE#signin#*'] } },
        ]);
      }
      if (route.store === 'portal') {
        expect({ handler: route.handler, wakes: wakes(route.handler) }).toEqual({
          handler: route.handler,
          wakes: false,
        });
        expect(writes.map((w) => w.Condition)).toEqual([
          { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PORTAL#*'] } },
        ]);
      }
      if (route.store === 'write')
        expect({
          handler: route.handler,
          unconditioned: writes.some((w) => !w.Condition),
          wakes: wakes(route.handler),
        }).toEqual({ handler: route.handler, unconditioned: true, wakes: false });
    }
    expect(Object.values(consoleItemPrefixes)).toEqual(['SESSION#', 'LOGIN#', 'THROTTLE#signin#']);
    expect([...new Set(httpRoutes.filter((r) => r.store === 'sessions').map((r) => r.handler))].sort()).toEqual([
      'console-cognito',
      'console-sign-in',
      'console-sign-out',
    ]);
    expect([...new Set(httpRoutes.filter((r) => r.store === 'portal').map((r) => r.handler))].sort()).toEqual([
      'portal-sign-in',
      'portal-sign-out',
    ]);
  });

  it('gives every route of one handler the same needs, since one function serves them all', () => {
    const needs = new Map<string, string>();
    for (const route of httpRoutes) {
      const need = `${route.store}/${route.secrets}`;
      expect({ handler: route.handler, need: needs.get(route.handler) ?? need }).toEqual({
        handler: route.handler,
        need,
      });
      needs.set(route.handler, need);
    }
  });

  it("grants the desk's secrets exactly to the functions whose row says so, and only those bundle the Secrets Manager client", async () => {
    const bundled = await Promise.all(
      lambdaFunctions.map(async (row) => {
        const built = await build({
          entryPoints: [join(__dirname, '..', '..', 'functions', row.entry)],
          bundle: true,
          packages: 'external',
          platform: 'node',
          write: false,
          metafile: true,
          logLevel: 'silent',
          outdir: 'out',
        });
        return {
          handler: row.handler,
          secrets: Object.keys(built.metafile.inputs).some((input) =>
            input.endsWith('functions/aws/secrets-manager.ts'),
          ),
          granted: actionsOf(functionId(row.handler)).includes('secretsmanager:GetSecretValue'),
        };
      }),
    );
    expect(bundled).toEqual(
      lambdaFunctions.map((row) => ({ handler: row.handler, secrets: row.secrets, granted: row.secrets })),
    );
  });

  it('builds every function of the function table, and nothing else, each with the timeout and memory of its row', () => {
    const functions = template.findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Timeout?: number; MemorySize?: number } }
    >;
    const desk = Object.entries(functions).filter(([id]) =>
      lambdaFunctions.some((r) => id.startsWith(functionId(r.handler))),
    );
    expect(desk).toHaveLength(lambdaFunctions.length);
    for (const row of lambdaFunctions) {
      const [, fn] = desk.find(
        ([id]) =>
          id.startsWith(functionId(row.handler)) &&
          !lambdaFunctions.some(
            (other) =>
              other !== row &&
              functionId(other.handler).startsWith(functionId(row.handler)) &&
              id.startsWith(functionId(other.handler)),
          ),
      )!;
      expect({ handler: row.handler, timeout: fn.Properties.Timeout, memory: fn.Properties.MemorySize }).toEqual({
        handler: row.handler,
        timeout: row.timeoutSeconds ?? 10,
        memory: row.memoryMb ?? 512,
      });
    }
  });

  it('allows Resource "*" only for the actions AWS offers no narrower resource for', () => {
    const unscopable = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'dynamodb:ListStreams',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    const wide = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap(
        (policy) =>
          (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
            .Statement,
      )
      .filter((statement) => [statement.Resource].flat().includes('*'))
      .flatMap((statement) => [statement.Action].flat());
    expect(wide.filter((action) => !unscopable.has(action))).toEqual([]);
  });

  it("sends from the policy's first desk address only, and refuses a policy whose addresses are outside the mail domain", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ses:SendEmail',
            Condition: { StringEquals: { 'ses:FromAddress': defaultPolicy.intake.deskAddresses[0] } },
          }),
        ]),
      },
    });
    expect(
      () =>
        new ServiceDeskStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Elsewhere', {
          ...props,
          mailDomain: 'other.example.org',
        }),
    ).toThrow(/not in the mail domain other.example.org/);
  });

  it('pages a person when a ticket stalls, saying which ticket, why, and how to restart its lifecycle', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName: string; AlarmDescription: unknown };
    }[];
    const failed = alarms.find((a) => a.Properties.MetricName === 'ExecutionsFailed')!;
    const description = JSON.stringify(stack.resolve(failed.Properties.AlarmDescription));
    for (const error of Object.values(LIFECYCLE_ERRORS)) expect(description).toContain(error);
    expect(description).toContain('named after the ticket');
    expect(description).toContain('aws stepfunctions start-execution --state-machine-arn');
    // The state machine's own ARN, resolved by CloudFormation.
    expect(description).toContain('TicketLifecycle');
    // CloudWatch takes at most 1024 characters, a real ARN in place.
    expect(
      stalledTicketAlarmDescription(`arn:aws:states:eu-west-1:123456789012:stateMachine:${'x'.repeat(80)}`).length,
    ).toBeLessThanOrEqual(1024);
  });

  it('keeps inbound mail that failed intake after every retry, and alarms on it', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { AlarmDescription: string };
    }[];
    expect(alarms.map((a) => a.Properties.AlarmDescription)).toContainEqual(
      expect.stringContaining('Inbound mail failed intake'),
    );
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged for a stated reason', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId).join(',')}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('would fail cdk-nag without those acknowledgements (the check is live)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bare = new ServiceDeskStack(app, 'Bare', props);
    const ids = new AwsSolutionsChecks(bare).validateScope(bare).violations.map((v) => v.ruleName);
    expect(ids).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AwsSolutions-APIG4'),
        expect.stringContaining('AwsSolutions-IAM5'),
      ]),
    );
  });
});

describe('bundling', () => {
  it('bundles a handler with the local esbuild (no Docker), minified, alone in its zip, with only the SDK clients it uses', () => {
    const app = new App({ outdir: join(__dirname, '..', '..', 'cdk.out', 'test-bundle') });
    const scope = new Stack(app, 'Bundle');
    const fn = deskFunction(scope, 'Healthz', { entry: lambdaRow('healthz').entry, environment: {} });
    // Mail receipt bundles the ESM-only reply parser: it must load from a CommonJS bundle too.
    const mail = deskFunction(scope, 'ReceiveEmail', { entry: lambdaRow('receive-email').entry, environment: {} });
    const assembly = app.synth();
    const dirOf = (f: typeof fn) => {
      const asset = (
        Stack.of(f).resolve((f.node.defaultChild as unknown as { code: { s3Key: string } }).code) as { s3Key: string }
      ).s3Key.replace(/\.zip$/, '');
      return join(assembly.directory, `asset.${asset}`);
    };
    const dir = dirOf(fn);
    // No source map and no metafile ride along: the zip is the bundle.
    expect(readdirSync(dir)).toEqual(['index.js']);
    const functions = Template.fromStack(scope).findResources('AWS::Lambda::Function') as Record<
      string,
      { Properties: { Environment?: { Variables?: object } } }
    >;
    const variables = Object.values(functions).map((f) => f.Properties.Environment?.Variables ?? {});
    expect(variables).toHaveLength(2);
    for (const v of variables) expect(v).not.toHaveProperty('NODE_OPTIONS');
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(code).toContain('DynamoDBClient');
    expect(code).not.toContain('SFNClient');
    expect(code).not.toContain('secretsmanager.GetSecretValue');
    // It loads as Lambda loads it: ESM-only dependencies inside a CommonJS bundle find their URL.
    for (const bundle of [dir, dirOf(mail)]) {
      const loaded = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(bundle, 'index.js'))})`], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'eu-west-1',
          TABLE_NAME: 'servicedesk',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        encoding: 'utf8',
      });
      expect(loaded.stderr).toBe('');
      expect(loaded.status).toBe(0);
    }
  });
});
