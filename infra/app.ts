/**
 * The CDK app (`cdk.json` runs it): one Opsdeck stack per stage, checked by cdk-nag's AwsSolutions
 * pack at synthesis. Choose the stage with `-c stage=prod` (default `dev`, from cdk.json); the
 * workers' VPC with `-c opsdeck:workerNetwork='{…}'` (docs/deploy.md).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackPropsFromContext } from './app-context';
import { OpsdeckStack } from './opsdeck-stack';

const app = new App();
const props = stackPropsFromContext(app.node);

new OpsdeckStack(app, `opsdeck-${props.stage}`, {
  ...props,
  // Unset without credentials: the stack is then environment-agnostic, which synth accepts.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: `Opsdeck operations console (${props.stage})`,
});

// Unacknowledged AwsSolutions errors fail `cdk synth` and `cdk deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
