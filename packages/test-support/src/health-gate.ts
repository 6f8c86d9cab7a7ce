import { startAwsProxy, type ProxiedRequest, type ProxyPlan, type UpstreamAnswer } from './aws-proxy';
import type { Moto } from './moto';
import { queryAllPages, queryCall } from './realistic/query';
import { at, elements, parseXml, setTargetHealth, textAt, writeXml } from './realistic/xml';

export interface HealthGate {
  endpoint: string;
  /** moto's environment with AWS_ENDPOINT_URL pointed at the gate: the run to hold. */
  env: Record<string, string>;
  /** Lets moto's answers through from now on: the held run's targets turn healthy at its next check. */
  open(): void;
  /** Holds again, every target not registered now (what moto lists at this moment) reading `initial`. */
  close(): Promise<void>;
  /** How many DescribeTargetHealth answers the gate rewrote: proof that a run was held by it. */
  heldAnswers(): number;
  /** Resolves once the gate has held an answer: the run behind it is in its health wait, not before it. */
  whenHeld(): Promise<void>;
  stop(): Promise<void>;
}

/** `<target group ARN> <target id>`: one registration. */
const key = (arn: string, id: string): string => `${arn} ${id}`;

/**
 * A proxy in front of moto (where every target is healthy as soon as it is registered) that, while closed,
 * answers DescribeTargetHealth with every target registered since it closed as `initial`, as AWS does while
 * its health checks have not passed yet. A deploy pointed at it waits in its health wait, holding the cluster
 * lock, until the test opens the gate: as long as the test needs, and no longer. Targets registered before it
 * closed stay as moto says (the previous group keeps serving), and every other call goes to moto untouched.
 * It starts closed.
 */
export async function startHealthGate(options: {
  moto: Pick<Moto, 'endpoint' | 'env'>;
}): Promise<HealthGate> {
  const motoEndpoint = options.moto.endpoint;
  /** While closed: the registrations that read as moto says. Undefined while open. */
  let before: Set<string> | undefined;
  let held = 0;
  let markHeld!: () => void;
  const firstHeld = new Promise<void>((resolve) => (markHeld = resolve));

  const registered = async (): Promise<Set<string>> => {
    const pages = await queryAllPages(motoEndpoint, 'elbv2', 'DescribeTargetGroups');
    const arns = pages.flatMap((page) =>
      elements(at(page, 'TargetGroups'), 'member').map((tg) => textAt(tg, 'TargetGroupArn')),
    );
    const found = new Set<string>();
    for (const arn of arns) {
      const root = await queryCall(motoEndpoint, 'elbv2', 'DescribeTargetHealth', { TargetGroupArn: arn });
      const list = at(root, 'DescribeTargetHealthResult', 'TargetHealthDescriptions');
      for (const member of elements(list, 'member')) found.add(key(arn, textAt(member, 'Target', 'Id')));
    }
    return found;
  };

  const holdNew = (request: ProxiedRequest, answer: UpstreamAnswer): { body: string } | undefined => {
    const known = before;
    if (!known || answer.status !== 200) return undefined;
    const arn = request.params.get('TargetGroupArn') ?? '';
    const doc = parseXml(answer.body.toString('utf8'));
    const list = at(doc.root, 'DescribeTargetHealthResult', 'TargetHealthDescriptions');
    const fresh = elements(list, 'member').filter((m) => !known.has(key(arn, textAt(m, 'Target', 'Id'))));
    if (fresh.length === 0) return undefined;
    for (const member of fresh) setTargetHealth(member, 'initial');
    held++;
    markHeld();
    return { body: writeXml(doc) };
  };

  const plan = (request: ProxiedRequest): ProxyPlan => {
    const { service, operation } = request.call;
    if (service !== 'elasticloadbalancing' || operation !== 'DescribeTargetHealth')
      return { kind: 'forward' };
    return { kind: 'forward', after: async (answer) => holdNew(request, answer) };
  };

  before = await registered();
  // Everything but target health is moto's own answer, its gaps included, as the runs beside it see them.
  const proxy = await startAwsProxy({ target: motoEndpoint, plan, answerMotoGaps: false });
  return {
    endpoint: proxy.endpoint,
    env: { ...options.moto.env, AWS_ENDPOINT_URL: proxy.endpoint },
    open: () => {
      before = undefined;
    },
    close: async () => {
      before = await registered();
    },
    heldAnswers: () => held,
    whenHeld: () => firstHeld,
    stop: () => proxy.stop(),
  };
}

export interface GatedHolder {
  gate: HealthGate;
  done: Promise<unknown>;
}

/**
 * The holders a test file starts behind health gates: after each test, each is let through, awaited and its
 * gate stopped, whether the test passed or failed (a failed one must not leave a deploy waiting).
 */
export function releaseHoldersAfterEach(): GatedHolder[] {
  const holders: GatedHolder[] = [];
  afterEach(async () => {
    for (const { gate, done } of holders.splice(0)) {
      gate.open();
      await done;
      await gate.stop();
    }
  });
  return holders;
}
