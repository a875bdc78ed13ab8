/**
 * Failures are never silent: an alarm, by email to operations, when a case's execution fails, times out or is
 * aborted, when any dead-letter queue holds a message, and when any function errors. The topic is encrypted with
 * the data key (alarm notifications carry names of resources, never PHI) and accepts TLS only.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface OperationsAlarmsProps {
  key: IKey;
  /** Who is told: the hospital's operations mailbox (CDK context liaison:alarmEmail). */
  alarmEmail: string;
  stateMachine: IStateMachine;
  functions: Record<string, IFunction>;
  deadLetterQueues: Record<string, IQueue>;
}

export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { masterKey: props.key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'ExecutionsFailed',
      props.stateMachine.metricFailed(fiveMinutes),
      'A case review execution failed: the case has no clock until someone looks (Step Functions console).',
    );
    alarm(
      'ExecutionsTimedOut',
      props.stateMachine.metricTimedOut(fiveMinutes),
      'A case review execution timed out.',
    );
    alarm(
      'ExecutionsAborted',
      props.stateMachine.metricAborted(fiveMinutes),
      'A case review execution was aborted.',
    );
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `${name} holds events that failed every retry: read them, fix the cause, redrive them.`,
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}Errors`,
        fn.metricErrors(fiveMinutes),
        `The ${name} function failed (its log group says why).`,
      );
    }
  }
}
