// The CDK app: `npx cdk synth` / `npx cdk deploy -c mailDomain=… -c alarmEmail=…`.
// The policy is validated here, so a bad policy fails the synth rather than the first request;
// cdk-nag's AwsSolutions checks run on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { policyFromFile } from '../functions/desk';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { ServiceDeskStack } from './servicedesk-stack';

const app = new App();
const context = (name: string, fallback?: string) => {
  const value = app.node.tryGetContext(name) as string | undefined;
  return value ?? fallback;
};
const policyFile = context('policyFile');

const stack = new ServiceDeskStack(app, context('stackName', 'ServiceDesk')!, {
  mailDomain: context('mailDomain', 'desk.example.com')!,
  alarmEmail: context('alarmEmail', 'operations@desk.example.com')!,
  policy: policyFromFile(policyFile && resolve(policyFile)),
  policyFile: policyFile && resolve(policyFile),
  publicUrl: context('publicUrl'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
