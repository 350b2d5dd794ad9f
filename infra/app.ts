/**
 * The CDK app (`cdk.json` runs it): one Opsdeck stack per stage, checked by cdk-nag's AwsSolutions
 * pack at synthesis. Choose the stage with `-c stage=prod` (default `dev`, from cdk.json).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OpsdeckStack } from './opsdeck-stack';

const app = new App();
const stage = String(app.node.tryGetContext('stage') ?? 'dev');
const webAclArn: unknown = app.node.tryGetContext('webAclArn');

new OpsdeckStack(app, `opsdeck-${stage}`, {
  stage,
  webAclArn: typeof webAclArn === 'string' && webAclArn !== '' ? webAclArn : undefined,
  // Unset without credentials: the stack is then environment-agnostic, which synth accepts.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: `Opsdeck operations console (${stage})`,
});

// Unacknowledged AwsSolutions errors fail `cdk synth` and `cdk deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
