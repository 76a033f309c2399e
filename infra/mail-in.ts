// Mail in on AWS: SES's receipt rule for the mail domain (scanning on, TLS required) stores each
// message in an encrypted, expiring bucket and invokes the email intake; what still fails is kept
// in an alarmed queue. Functions that keep or read kept mail get exactly their prefixes.
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { lambdaFunctions, type Trigger } from '../functions/function-table';

export function mailIn(
  scope: Stack,
  deps: {
    mailDomain: string;
    functionOf: (handler: string) => NodejsFunction;
    functionsFor: (trigger: Trigger) => NodejsFunction[];
  },
) {
  const { mailDomain, functionOf, functionsFor } = deps;
  const accessLogBucket = new s3.Bucket(scope, 'MailAccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
  });
  const mail = new s3.Bucket(scope, 'Mail', {
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
  for (const row of lambdaFunctions.filter((r) => r.keptMail)) {
    const reader = functionOf(row.handler);
    reader.addEnvironment('MAIL_BUCKET', mail.bucketName);
    reader.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [mail.arnForObjects('raw/*')] }),
    );
    // Only a release keeps the mail's attachments again; showing the original writes nothing.
    if (row.keptMail === 'release')
      reader.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [mail.arnForObjects('attachments/*')] }),
      );
  }
  // A vendor forward mails the customer's files on; a download serves them to an agent: both read
  // attachments/ only, never the raw mail.
  for (const sender of lambdaFunctions.filter((r) => r.readsFiles).map((r) => functionOf(r.handler))) {
    sender.addEnvironment('MAIL_BUCKET', mail.bucketName);
    sender.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [mail.arnForObjects('attachments/*')] }),
    );
  }
  // An event with an agent's upload keeps its files, content-addressed: it writes attachments/ only
  // and reads nothing back (the download is the file routes' own function).
  for (const keeper of lambdaFunctions.filter((r) => r.writesFiles).map((r) => functionOf(r.handler))) {
    keeper.addEnvironment('MAIL_BUCKET', mail.bucketName);
    keeper.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [mail.arnForObjects('attachments/*')] }),
    );
  }
  const [receive] = functionsFor('ses-receipt') as [NodejsFunction];
  // SES invokes the intake asynchronously: what still fails after Lambda's two retries is kept
  // (the raw message stays in inbound/ for 30 days, named by its SES message id) and alarmed.
  const intakeFailures = new sqs.Queue(scope, 'IntakeFailures', {
    retentionPeriod: Duration.days(14),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  receive.configureAsyncInvoke({
    onFailure: new destinations.SqsDestination(intakeFailures),
    retryAttempts: 2,
    maxEventAge: Duration.hours(6),
  });
  const ruleSet = new ses.ReceiptRuleSet(scope, 'Inbound', {});
  ruleSet.addRule('ToTheDesk', {
    recipients: [mailDomain],
    scanEnabled: true,
    tlsPolicy: ses.TlsPolicy.REQUIRE,
    actions: [
      new sesActions.S3({ bucket: mail, objectKeyPrefix: 'inbound/' }),
      new sesActions.Lambda({ function: receive, invocationType: sesActions.LambdaInvocationType.EVENT }),
    ],
  });

  return { ruleSet, intakeFailures };
}
