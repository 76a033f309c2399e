// Alarms that page a person: dead letters of the stream and of mail intake, failed or timed-out
// lifecycle executions (a stalled ticket included), mail that failed for good, and every
// function's errors.
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { MAIL_FAILED_LOG, MAIL_FAILED_METRIC } from '../functions/outbox/mail-failed-log';
import { functionId } from './desk-function';
import { stalledTicketAlarmDescription } from './lifecycle-state-machine';

export function deskAlarms(
  scope: Stack,
  deps: {
    page: cwActions.SnsAction;
    streamFailures: sqs.Queue;
    intakeFailures: sqs.Queue;
    lifecycle: sfn.StateMachine;
    dispatch: NodejsFunction;
    functions: Record<string, NodejsFunction>;
  },
): void {
  const { page, streamFailures, intakeFailures, lifecycle, dispatch, functions } = deps;
  const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
    new cloudwatch.Alarm(scope, id, {
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
    'Stream records (new tickets, wake-ups of parked tickets, or outgoing mail) failed after every retry: see the StreamFailures queue; a ticket whose wake-up is there stays parked until its next timer: stop its execution and restart it as the failed-lifecycle alarm says',
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
  const mailFailed = new logs.MetricFilter(scope, 'OutgoingMailFailedLines', {
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
  for (const [handler, created] of Object.entries(functions)) {
    alarm(
      `${functionId(handler)}Errors`,
      created.metricErrors({ period: Duration.minutes(5) }),
      `The ${handler} function failed`,
    );
  }
}
