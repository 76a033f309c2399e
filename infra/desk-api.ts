// The HTTP API on AWS: API Gateway (HTTP API) with access logs and throttling, the Cognito user
// pool agents sign in with (a JWT authorizer for the agent routes, the hosted UI for the
// console; one group per policy team, named by its id), and each route of the route table bound to its handler's function.
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { httpRoutes } from '../functions/http/route-table';
import type { Policy } from '../workflows/policy/policy';

export function deskApi(scope: Stack, props: { publicUrl?: string; policy: Policy }) {
  const accessLogs = new logs.LogGroup(scope, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
  const api = new apigw.HttpApi(scope, 'Api', {
    createDefaultStage: false,
    description: 'Service desk: agents, webhooks, customer links',
  });
  const stage = new apigw.HttpStage(scope, 'DefaultStage', {
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

  const users = new cognito.UserPool(scope, 'Agents', {
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
  // An agent's teams are the groups their account is in: one per policy team, named by the team's id
  // (the ID token's cognito:groups), so adding an agent to a team is adding the account to a group.
  for (const team of props.policy.teams)
    new cognito.CfnUserPoolGroup(scope, `Team-${team.id}`, {
      userPoolId: users.userPoolId,
      groupName: team.id,
      description: team.name,
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
    cognitoDomain: { domainPrefix: `${scope.stackName.toLowerCase()}-${scope.account}` },
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
    COGNITO_ISSUER: `https://cognito-idp.${scope.region}.amazonaws.com/${users.userPoolId}`,
  };

  return { api, authorizer, publicUrl, users, agentClient, signInDomain, consoleSignIn };
}

/** Every route of the route table to its handler's function; agent routes behind the JWT authorizer. */
export function routeApi(
  api: apigw.HttpApi,
  authorizer: HttpUserPoolAuthorizer,
  functionOf: (handler: string) => lambda.IFunction,
): void {
  // One integration per function, and one permission for this API to invoke it (not one per route
  // and method): the stack stays well inside CloudFormation's 500 resources as routes are added.
  const integrations = new Map<string, HttpLambdaIntegration>();
  const integrationOf = (handler: string) =>
    integrations.get(handler) ??
    integrations
      .set(handler, new HttpLambdaIntegration(handler, functionOf(handler), { scopePermissionToRoute: false }))
      .get(handler)!;
  for (const route of httpRoutes) {
    api.addRoutes({
      path: route.path,
      // HEAD beside every GET: link scanners probe with it, and it must answer (never act).
      methods: route.method === 'GET' ? [apigw.HttpMethod.GET, apigw.HttpMethod.HEAD] : [apigw.HttpMethod.POST],
      integration: integrationOf(route.handler),
      authorizer: route.access === 'agent' ? authorizer : undefined,
    });
  }
}
