/**
 * What the CDK app reads from its context (`-c key=value`, cdk.json, cdk.context.json): the stage,
 * the optional WAF web ACL and the optional workers' network. One function, so that the infra tests
 * synthesise from context exactly as `cdk synth` does.
 */
import type { Node } from 'constructs';
import type { OpsdeckStackProps } from './opsdeck-stack';
import { readWorkerNetworkContext } from './worker-network';

export type ContextProps = Pick<OpsdeckStackProps, 'stage' | 'webAclArn' | 'workerNetwork'>;

export function stackPropsFromContext(node: Node): ContextProps {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  const webAclArn: unknown = node.tryGetContext('webAclArn');
  return {
    stage,
    webAclArn: typeof webAclArn === 'string' && webAclArn !== '' ? webAclArn : undefined,
    workerNetwork: readWorkerNetworkContext(node, stage),
  };
}
