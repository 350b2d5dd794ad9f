/**
 * The workers' network in AWS: the VPC, private subnets and security groups in which the functions
 * that declare `network: 'workers'` (the health probes) run, so that they reach the workers'
 * /healthz, /readyz and /metrics over HTTP.
 *
 * The stage configures it through CDK context (`opsdeck:workerNetwork:<stage>`, else
 * `opsdeck:workerNetwork`): the VPC and its subnets are imported from the ids given, never looked
 * up, so `cdk synth` stays offline. Without that context no function is placed in a VPC.
 * docs/deploy.md describes every field and what the VPC needs (a DynamoDB gateway endpoint or NAT).
 */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, type Node } from 'constructs';
import ipaddr from 'ipaddr.js';

/** The context key of the workers' network; `<key>:<stage>` configures one stage only and wins. */
export const WORKER_NETWORK_CONTEXT = 'opsdeck:workerNetwork';

/** An inclusive TCP port range. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The validated `opsdeck:workerNetwork` context. */
export interface WorkerNetworkConfig {
  /** The context key it was read from (error messages and annotations name it). */
  readonly contextKey: string;
  readonly vpcId: string;
  /** Private subnets the functions' network interfaces are placed in. */
  readonly subnetIds: readonly string[];
  /** The availability zone of each subnet, in the same order. */
  readonly availabilityZones: readonly string[];
  /** The route table of each subnet, in the same order; needed for `createDynamoDbEndpoint`. */
  readonly routeTableIds?: readonly string[];
  /** The VPC's IPv4 CIDR: the default destination of the egress to the workers. */
  readonly vpcCidr?: string;
  /** Where the workers listen. @default the VPC CIDR */
  readonly workerCidrs: readonly string[];
  /** The TCP ports the workers listen on. @default all TCP ports */
  readonly workerPorts: readonly PortRange[];
  /** Existing security groups to attach beside the one created for the functions. */
  readonly securityGroupIds: readonly string[];
  /** Create a DynamoDB gateway endpoint on the subnets' route tables. @default false */
  readonly createDynamoDbEndpoint: boolean;
  /** The region's DynamoDB prefix list (`pl-…`): narrows the HTTPS egress from anywhere to DynamoDB. */
  readonly dynamoDbPrefixListId?: string;
}

const ALLOWED_FIELDS = [
  'vpcId',
  'subnetIds',
  'availabilityZones',
  'routeTableIds',
  'vpcCidr',
  'workerCidrs',
  'workerPorts',
  'securityGroupIds',
  'createDynamoDbEndpoint',
  'dynamoDbPrefixListId',
] as const;

const ALL_TCP: PortRange = { from: 0, to: 65535 };

/**
 * Reads and validates the workers' network of a stage from the app's context. Undefined when neither
 * `opsdeck:workerNetwork:<stage>` nor `opsdeck:workerNetwork` is set (or set to an empty value).
 * The value is an object (cdk.json, cdk.context.json) or its JSON text (`-c key='{…}'`). Anything
 * wrong throws an error naming the context key and the field, so synth stops before any deployment.
 */
export function readWorkerNetworkContext(node: Node, stage: string): WorkerNetworkConfig | undefined {
  const stageKey = `${WORKER_NETWORK_CONTEXT}:${stage}`;
  const stageValue: unknown = node.tryGetContext(stageKey);
  if (!isUnset(stageValue)) return parseWorkerNetwork(stageValue, stageKey);
  const value: unknown = node.tryGetContext(WORKER_NETWORK_CONTEXT);
  return isUnset(value) ? undefined : parseWorkerNetwork(value, WORKER_NETWORK_CONTEXT);
}

const isUnset = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Validates a workers' network value; `contextKey` names it in error messages. */
export function parseWorkerNetwork(value: unknown, contextKey: string): WorkerNetworkConfig {
  const fail = (message: string): never => {
    throw new Error(`Context ${contextKey}: ${message} (see docs/deploy.md, "The workers' network")`);
  };
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      fail('is not valid JSON; give an object such as {"vpcId":"vpc-…","subnetIds":[…],…}');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('must be an object with vpcId, subnetIds and availabilityZones');
  }
  const fields = raw as Record<string, unknown>;
  const unknownFields = Object.keys(fields).filter(
    (field) => !(ALLOWED_FIELDS as readonly string[]).includes(field),
  );
  if (unknownFields.length > 0) {
    fail(`unknown field(s) ${unknownFields.join(', ')}; the fields are ${ALLOWED_FIELDS.join(', ')}`);
  }

  const id = (field: string, prefix: string, text: unknown): string => {
    if (typeof text !== 'string' || !new RegExp(`^${prefix}-[0-9a-f]{8,17}$`).test(text)) {
      return fail(`${field} must be ${prefix}-<hex id>, got ${JSON.stringify(text)}`);
    }
    return text;
  };
  const list = <T>(field: string, parse: (item: unknown, at: string) => T): T[] | undefined => {
    const items = fields[field];
    if (items === undefined) return undefined;
    if (!Array.isArray(items)) return fail(`${field} must be a list`);
    return items.map((item, index) => parse(item, `${field}[${index}]`));
  };
  const cidr = (text: unknown, at: string): string => {
    if (typeof text !== 'string' || !ipaddr.IPv4.isValidCIDR(text)) {
      return fail(`${at} must be an IPv4 CIDR such as 10.0.0.0/16, got ${JSON.stringify(text)}`);
    }
    const network = ipaddr.IPv4.networkAddressFromCIDR(text).toString();
    if (`${network}/${text.split('/')[1]}` !== text) {
      fail(`${at} ${text} has host bits set; the network is ${network}/${text.split('/')[1]}`);
    }
    return text;
  };

  if (fields.vpcId === undefined) fail('vpcId is missing');
  const vpcId = id('vpcId', 'vpc', fields.vpcId);
  const subnetIds = list('subnetIds', (item, at) => id(at, 'subnet', item));
  if (!subnetIds || subnetIds.length === 0) {
    return fail('subnetIds is missing: list the private subnets the functions run in');
  }
  if (new Set(subnetIds).size !== subnetIds.length) fail('subnetIds lists a subnet twice');
  const availabilityZones = list('availabilityZones', (item, at) => {
    if (typeof item !== 'string' || !/^[a-z]{2}(-[a-z0-9]+)+[a-z]$/.test(item)) {
      return fail(`${at} must be an availability zone such as eu-west-1a, got ${JSON.stringify(item)}`);
    }
    return item;
  });
  if (!availabilityZones) {
    return fail('availabilityZones is missing: give the availability zone of each subnet, in order');
  }
  if (availabilityZones.length !== subnetIds.length) {
    fail(
      `availabilityZones has ${availabilityZones.length} entries but subnetIds has ${subnetIds.length}; give one zone per subnet, in the same order`,
    );
  }
  const routeTableIds = list('routeTableIds', (item, at) => id(at, 'rtb', item));
  if (routeTableIds && routeTableIds.length !== subnetIds.length) {
    fail(
      `routeTableIds has ${routeTableIds.length} entries but subnetIds has ${subnetIds.length}; give one route table per subnet, in the same order`,
    );
  }
  const vpcCidr = fields.vpcCidr === undefined ? undefined : cidr(fields.vpcCidr, 'vpcCidr');
  const workerCidrs = list('workerCidrs', cidr) ?? (vpcCidr ? [vpcCidr] : []);
  const workerPorts = list('workerPorts', (item, at) => portRange(item, at, fail));
  const securityGroupIds = list('securityGroupIds', (item, at) => id(at, 'sg', item)) ?? [];
  if (workerCidrs.length === 0 && securityGroupIds.length === 0) {
    fail(
      'nothing lets the functions reach the workers: give vpcCidr (or workerCidrs) for the egress of the security group created for them, or securityGroupIds of existing groups that allow it',
    );
  }
  if (workerPorts && workerCidrs.length === 0) {
    fail('workerPorts needs vpcCidr or workerCidrs: the ports are opened towards those networks');
  }
  const createDynamoDbEndpoint = fields.createDynamoDbEndpoint ?? false;
  if (typeof createDynamoDbEndpoint !== 'boolean') fail('createDynamoDbEndpoint must be true or false');
  if (createDynamoDbEndpoint === true && !routeTableIds) {
    fail(
      'createDynamoDbEndpoint needs routeTableIds: a gateway endpoint is a route in the subnets’ route tables',
    );
  }
  const dynamoDbPrefixListId =
    fields.dynamoDbPrefixListId === undefined
      ? undefined
      : id('dynamoDbPrefixListId', 'pl', fields.dynamoDbPrefixListId);

  return {
    contextKey,
    vpcId,
    subnetIds,
    availabilityZones,
    routeTableIds,
    vpcCidr,
    workerCidrs,
    workerPorts: workerPorts ?? [ALL_TCP],
    securityGroupIds,
    createDynamoDbEndpoint: createDynamoDbEndpoint === true,
    dynamoDbPrefixListId,
  };
}

/** `9001`, `"9001"` or `"9001-9007"`. */
function portRange(item: unknown, at: string, fail: (message: string) => never): PortRange {
  const text = typeof item === 'number' ? String(item) : item;
  const match = typeof text === 'string' ? /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim()) : null;
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (!match || from < 1 || to > 65535 || from > to) {
    return fail(`${at} must be a port (1-65535) or a range such as "9001-9007", got ${JSON.stringify(item)}`);
  }
  return { from, to };
}

/** Where a function with `network: 'workers'` runs: passed to OpsdeckFunction. */
export interface NetworkPlacement {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: readonly ec2.ISecurityGroup[];
}

/**
 * The imported VPC and subnets, the security group created for the workers' network functions
 * (no inbound rules; outbound only to the workers and to DynamoDB over HTTPS), the existing security
 * groups named, and optionally a DynamoDB gateway endpoint. It lives in the parent stack, so that
 * functions of any area can use it.
 */
export class WorkerNetwork extends Construct {
  readonly config: WorkerNetworkConfig;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.SecurityGroup;
  readonly dynamoDbEndpoint?: ec2.GatewayVpcEndpoint;
  readonly placement: NetworkPlacement;

  constructor(scope: Construct, id: string, props: { stage: string; config: WorkerNetworkConfig }) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: config.vpcId,
      availabilityZones: [...new Set(config.availabilityZones)],
      vpcCidrBlock: config.vpcCidr,
    });
    this.subnets = config.subnetIds.map((subnetId, index) => {
      const subnet = ec2.Subnet.fromSubnetAttributes(this, `Subnet${index}`, {
        subnetId,
        availabilityZone: config.availabilityZones[index],
        routeTableId: config.routeTableIds?.[index],
      });
      if (!config.routeTableIds) {
        Validations.of(subnet).acknowledge({
          id: '@aws-cdk/aws-ec2:noSubnetRouteTableId',
          reason:
            'Only the DynamoDB gateway endpoint reads the route tables, and createDynamoDbEndpoint requires routeTableIds.',
        });
      }
      return subnet;
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: `Opsdeck ${props.stage} functions in the workers network: outbound to the workers and to DynamoDB over HTTPS only`,
      allowAllOutbound: false,
    });
    for (const cidr of config.workerCidrs) {
      for (const range of config.workerPorts) {
        const port =
          range.from === ALL_TCP.from && range.to === ALL_TCP.to
            ? ec2.Port.allTcp()
            : range.from === range.to
              ? ec2.Port.tcp(range.from)
              : ec2.Port.tcpRange(range.from, range.to);
        this.securityGroup.addEgressRule(
          ec2.Peer.ipv4(cidr),
          port,
          `Health probes to the workers (/healthz, /readyz, /metrics) in ${cidr}`,
        );
      }
    }
    // DynamoDB (telemetry, config) over HTTPS: through the gateway endpoint (its prefix list) or a NAT.
    this.securityGroup.addEgressRule(
      config.dynamoDbPrefixListId ? ec2.Peer.prefixList(config.dynamoDbPrefixListId) : ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'DynamoDB over HTTPS (gateway endpoint or NAT)',
    );

    if (config.createDynamoDbEndpoint) {
      this.dynamoDbEndpoint = new ec2.GatewayVpcEndpoint(this, 'DynamoDbEndpoint', {
        vpc: this.vpc,
        service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
        subnets: [{ subnets: this.subnets }],
      });
    }

    this.placement = {
      vpc: this.vpc,
      subnets: { subnets: this.subnets },
      securityGroups: [
        this.securityGroup,
        ...config.securityGroupIds.map((groupId, index) =>
          ec2.SecurityGroup.fromSecurityGroupId(this, `ExistingSecurityGroup${index}`, groupId, {
            // Their rules belong to their owner: never add rules to them from here.
            mutable: false,
          }),
        ),
      ],
    };
  }
}
