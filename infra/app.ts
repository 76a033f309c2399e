// The CDK app: `npx cdk synth` / `npx cdk deploy -c mailDomain=… -c alarmEmail=…`.
// The policy is validated here, so a bad policy fails the synth rather than the first request; a
// policy file's holiday calendar is compiled here too, and the compiled file is what the functions
// ship. cdk-nag's AwsSolutions checks run on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compilePolicyFile } from '../local/compile-policy';
import { acknowledgeNagFindings } from './nag-acknowledgements';
import { ServiceDeskStack } from './servicedesk-stack';

const app = new App();
const context = (name: string, fallback?: string) => {
  const value = app.node.tryGetContext(name) as string | undefined;
  return value ?? fallback;
};
const policyFile = context('policyFile');
// The policy ships compiled (its holiday calendar in it, for the years around this synth), written
// into the synth's output: a policy file's, or the built-in one.
mkdirSync(app.outdir, { recursive: true });
const compiledPolicyFile = join(app.outdir, 'policy.compiled.json');
const policy = compilePolicyFile(policyFile && resolve(policyFile), compiledPolicyFile, Date.now());

const stack = new ServiceDeskStack(app, context('stackName', 'ServiceDesk')!, {
  mailDomain: context('mailDomain', 'desk.example.com')!,
  alarmEmail: context('alarmEmail', 'operations@desk.example.com')!,
  policy,
  policyFile: compiledPolicyFile,
  publicUrl: context('publicUrl'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
acknowledgeNagFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
