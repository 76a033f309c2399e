// cdk-nag findings the desk acknowledges, each on the narrowest construct, with the reason it is
// right for this stack. Anything not listed here fails the synth.
import { Validations, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { httpRoutes } from '../functions/http/route-table';

/** The handlers of public routes: each must say below why it may be public. */
type PublicHandler = Extract<(typeof httpRoutes)[number], { access: 'public' }>['handler'];

const acknowledge = (scope: IConstruct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

export function acknowledgeNagFindings(stack: Stack): void {
  const child = (path: string) => stack.node.findChild(path);

  for (const construct of stack.node.findAll()) {
    const path = construct.node.path;
    // Every desk function's role: X-Ray accepts trace segments only on Resource "*".
    if (/Role\/DefaultPolicy\/Resource$/.test(path)) {
      acknowledge(
        construct,
        'AwsSolutions-IAM5[Resource::*]',
        "xray:PutTraceSegments/PutTelemetryRecords support no resource-level permission (functions join the lifecycle executions' traces); " +
          'the stream consumers also need dynamodb:ListStreams, which is account-wide by design. ' +
          'Every other statement names its table, index, secret, log group or state machine.',
      );
    }
  }

  for (const route of httpRoutes.filter((r) => r.access === 'public')) {
    // Every GET route has a HEAD twin, public on the same grounds.
    for (const method of route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]) {
      const id = `${method}--${route.path.replace(/^\//, '').replace(/\//g, '--')}`;
      acknowledge(
        child('Api').node.findChild(id),
        'AwsSolutions-APIG4',
        `${method} ${route.path} is public by design: ${publicWhy(route.handler)}`,
      );
    }
  }

  acknowledge(
    child('Agents'),
    'AwsSolutions-COG8',
    'Agents sign in with a required TOTP second factor and no self sign-up; the Plus tier (threat protection) is a cost the operator can turn on per deployment.',
  );
  acknowledge(
    child('DeskSecrets'),
    'AwsSolutions-SMG4',
    'Link signing keys rotate by prepending a new key (old keys keep verifying links already mailed, for their 30-day life); ' +
      "a rotation Lambda replacing the value would break links in customers' inboxes. Webhook secrets are issued by the senders.",
  );
  acknowledge(
    child('StreamFailures'),
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter destination of the table-stream consumers; it is alarmed, not re-driven automatically.',
  );
  acknowledge(
    child('IntakeFailures'),
    'AwsSolutions-SQS3',
    'This queue is itself the on-failure destination of the asynchronous email intake; it is alarmed, and the message it names stays in the mail bucket.',
  );
  acknowledge(
    child('ReceiveEmailRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/inbound/*]',
    'Reads the messages SES stores under inbound/<SES message id>: object names are not known in advance.',
  );
  acknowledge(
    child('ReceiveEmailRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/raw/*]',
    'Writes raw mail content-addressed under raw/<day>/<sha256>.eml.',
  );
  acknowledge(
    child('ReceiveEmailRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    'Writes attachments content-addressed under attachments/<sha256>.',
  );
  acknowledge(
    child('ReleaseQuarantineRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/raw/*]',
    'Reads the raw mail the intake kept content-addressed under raw/<day>/<sha256>.eml, named on the quarantine record.',
  );
  acknowledge(
    child('ReleaseQuarantineRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    "Keeps the released mail's attachments content-addressed under attachments/<sha256>.",
  );
  acknowledge(
    child('DispatchOutboxRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    "Reads the customer's files a vendor forward carries, kept content-addressed under attachments/<sha256>.",
  );
  acknowledge(
    child('ConsoleMailOriginalRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/raw/*]',
    'Reads the raw mail the intake kept content-addressed under raw/<day>/<sha256>.eml, named on the event it came from.',
  );
  for (const role of ['ConsoleFileRole', 'GetTicketFileRole'])
    acknowledge(
      child(role),
      'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
      "Reads a ticket's files kept content-addressed under attachments/<sha256>, named on the ticket's events.",
    );
  for (const role of ['PostTicketEventRole', 'ConsoleActionRole'])
    acknowledge(
      child(role),
      'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
      "Keeps an agent's uploaded files content-addressed under attachments/<sha256>: their digests are not known in advance.",
    );
  acknowledge(
    child('PortalActionRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    "Keeps the files a signed-in customer's portal reply uploads content-addressed under attachments/<sha256>: their digests are not known in advance.",
  );
  acknowledge(
    child('ConsoleReportMailRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    "Keeps the service report's PDF content-addressed under attachments/<sha256>, the file its mail carries: the digest is not known in advance.",
  );
  acknowledge(
    child('ConsoleQuarantineMailRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/raw/*]',
    'Reads the raw mail the intake kept content-addressed under raw/<day>/<sha256>.eml, named on the quarantine record.',
  );
  acknowledge(
    child('ConsoleQuarantineActionRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/raw/*]',
    'Reads the raw mail the intake kept content-addressed under raw/<day>/<sha256>.eml, named on the quarantine record.',
  );
  acknowledge(
    child('ConsoleQuarantineActionRole'),
    'AwsSolutions-IAM5[Resource::<Mail6A3D1F64.Arn>/attachments/*]',
    "Keeps the released mail's attachments content-addressed under attachments/<sha256>.",
  );
  acknowledge(
    child('TicketLifecycle'),
    'AwsSolutions-IAM5[Resource::*]',
    'Step Functions logging (logs:*LogDelivery, resource policies) and X-Ray need Resource "*"; its Lambda and StartExecution permissions name the exact functions and itself.',
  );
}

function publicWhy(handler: PublicHandler): string {
  switch (handler) {
    case 'receive-webhook':
      return 'senders are verified by the handler over the raw body (Standard Webhooks signature or constant-time bearer token), before any parsing.';
    case 'link-page':
    case 'link-action':
      return 'customers follow HMAC-signed links from their mail; the handler verifies the signature, purpose, recipient and content hash, and GET never changes state.';
    case 'console-queue':
    case 'console-sign-in':
    case 'console-sign-out':
    case 'console-cognito':
    case 'console-ticket':
    case 'console-action':
    case 'console-resend-mail':
    case 'console-mail-original':
    case 'console-file':
    case 'console-quarantine':
    case 'console-quarantine-mail':
    case 'console-quarantine-action':
    case 'console-search':
    case 'console-create':
    case 'console-billing':
    case 'console-reports':
    case 'console-report-pdf':
    case 'console-report-mail':
      return (
        'the agent console is browsed without a bearer token; every handler verifies its own HMAC-signed, HttpOnly, ' +
        'SameSite=Strict session cookie and its item in the table (sign-in compares the agent credential in constant time, ' +
        'or verifies the Cognito ID token RS256 signature, issuer, audience and expiry after a PKCE code exchange bound to a ' +
        'signed state cookie), every POST also the session-bound CSRF token, and GET never changes state.'
      );
    case 'portal-sign-in':
    case 'portal-sign-out':
    case 'portal-home':
    case 'portal-request':
    case 'portal-ticket':
    case 'portal-action':
      return (
        'customers browse the portal without a bearer token: sign-in mails a single-use, 15-minute, HMAC-signed link and ' +
        'a code to an address of a policy customer (throttled per address and client, the same answer for any address), ' +
        'GET never signs in, and every signed-in handler verifies its own HMAC-signed, HttpOnly, SameSite=Strict session ' +
        "cookie and its item in the table, every POST also a CSRF token; a customer reads only their own organisation's tickets."
      );
    case 'lifecycle':
    case 'openapi':
    case 'healthz':
      return 'it reveals nothing about tickets (health check, the lifecycle diagram derived from the statechart, the API description derived from the route table).';
    default: {
      // A new public route states its own reason: the compiler (and the synth) refuse one without.
      const unexplained: never = handler;
      throw new Error(`no reason given why ${String(unexplained)} is public`);
    }
  }
}
