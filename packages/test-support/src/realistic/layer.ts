import {
  startAwsProxy,
  type CallStats,
  type ProxiedRequest,
  type ProxyPlan,
  type UpstreamAnswer,
} from '../aws-proxy';
import { errorResponse, header, xmlResponse, type AwsCall, type CannedResponse } from '../aws-wire';
import type { Moto } from '../moto';
import { activitiesOf, activityXml } from './activities';
import { queryAllPages, queryCall } from './query';
import { World, type LaunchFailureRule, type MotoSnapshot, type Registration } from './world';
import {
  at,
  clone,
  element,
  elements,
  leaf,
  parseXml,
  removeChildren,
  setChildText,
  setTargetHealth,
  textAt,
  writeXml,
  type XmlDocument,
  type XmlElement,
} from './xml';

/** Drop the connection after moto applied the call, on the chosen attempts of an operation. */
export interface LostResponseRule {
  /** e.g. `CreateAutoScalingGroup`. */
  operation: string;
  /** SigV4 signing name, when the operation name alone is ambiguous. */
  service?: string;
  /** 1-based attempts (at the wire, retries included) whose answer is lost. Default [1]. */
  occurrences?: number[];
}

/** How long a just-created resource stays invisible (and, for launch templates, unusable), in ms. */
export interface ConsistencyDelays {
  /** CreateLaunchTemplate → hidden from describes; CreateAutoScalingGroup with it → ValidationError. */
  launchTemplateMs?: number;
  /** CreateAutoScalingGroup → hidden from DescribeAutoScalingGroups/DescribeAutoScalingInstances. */
  groupMs?: number;
  /** PutScalingPolicy → hidden from DescribePolicies. */
  policyMs?: number;
}

export interface CredentialExpiry {
  /** Every call from this long after the layer started (or was configured) gets ExpiredToken. */
  afterMs?: number;
  /** Calls after the Nth (counted at the wire) get ExpiredToken. */
  afterCalls?: number;
}

export interface RealisticOptions {
  /** Seeds per-resource jitter and activity ids. Default 1. */
  seed?: number;
  /** A new group's instances are Pending this long after they first appear. Default 300. */
  bootMs?: number;
  /**
   * An instance a group takes out of its warm pool (one that went there on scale-in, with ReuseOnScaleIn) is
   * Pending only this long: it was initialised before it stopped. Default 100.
   */
  warmStartMs?: number;
  /** Registered targets are `initial` this long after registration and boot. Default 300. */
  healthMs?: number;
  /** Classic ELB: OutOfService this long after registration and boot. Default healthMs. */
  elbHealthMs?: number;
  /** A seeded extra 0..jitterMs per boot and per registration. Default 0. */
  jitterMs?: number;
  /**
   * How long a deregistered target shows `draining`. Default: the target group's
   * `deregistration_delay.timeout_seconds` as set in moto (moto's default is AWS's 300 s: set it in tests).
   */
  deregistrationDelayMs?: number;
  consistency?: ConsistencyDelays;
  loseResponses?: LostResponseRule[];
  /** Groups (matched when first seen, or when next grown from empty) that get no instances, with Failed scaling activities. */
  launchFailures?: LaunchFailureRule[];
  expireCredentials?: CredentialExpiry;
  /** Describes re-read moto when their view is older than this (changes made straight to moto), and always after a change made through the layer or an id the layer has not seen. Default 1000. */
  refreshMs?: number;
}

export interface RealisticAwsOptions extends RealisticOptions {
  moto: Pick<Moto, 'endpoint' | 'env'>;
}

export type RealisticEventKind =
  | 'instance-pending'
  | 'instance-in-service'
  | 'instance-warmed'
  | 'instance-warm-start'
  | 'target-initial'
  | 'target-healthy'
  | 'target-draining'
  | 'target-drained'
  | 'elb-out-of-service'
  | 'elb-in-service'
  | 'elb-deregistered'
  | 'hidden'
  | 'visible'
  | 'rejected'
  | 'response-lost'
  | 'launch-failed'
  | 'credentials-expired';

export interface RealisticEvent {
  /** ms since the layer started. */
  atMs: number;
  kind: RealisticEventKind;
  /** An instance id, `<target group name>/<instance id>`, `<load balancer>/<instance id>`, a resource or an operation. */
  subject: string;
  detail?: string;
}

export interface RealisticAws {
  endpoint: string;
  /** moto's environment with AWS_ENDPOINT_URL pointed at the layer (and the credential expiry, if set). */
  env: Record<string, string>;
  startedAt: number;
  /** Calls by `service:Operation`, as the fault proxy counts them (the sampler's are not counted). */
  stats(): CallStats;
  resetStats(): void;
  /** What the layer played so far, in time order. */
  timeline(): RealisticEvent[];
  /** Changes the play from now on (a test's setup can run with the defaults, then turn things on). */
  configure(options: RealisticOptions): void;
  /** Everything in moto now counts as booted, healthy, drained and visible: a test's starting point. */
  settle(): Promise<void>;
  /** Every call from now on gets ExpiredToken. */
  expireCredentials(): void;
  stop(): Promise<void>;
}

/** Requests carrying this header (the sampler's) are played but not counted, expired or lost. */
export const INTERNAL_HEADER = 'x-realistic-internal';

const EXPIRED_MESSAGE = 'The security token included in the request is expired';

interface Hidden {
  kind: 'launch-template' | 'group' | 'policy';
  /** Names and ids it is known by. */
  keys: string[];
  until: number;
}

function listParams(params: URLSearchParams, prefix: string): string[] {
  return [...params.entries()]
    .filter(([key]) => key.startsWith(prefix) && /\.\d+$/.test(key))
    .map(([, value]) => value);
}

function targetGroupName(arn: string): string {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

function isMutation(call: AwsCall): boolean {
  if (/^(Describe|List|Get)/.test(call.operation)) return false;
  if (call.service === 'autoscaling' || call.service === 'elasticloadbalancing') return true;
  return (
    call.service === 'ec2' &&
    /^(RunInstances|TerminateInstances|StopInstances|StartInstances)$/.test(call.operation)
  );
}

/**
 * A realistic-AWS layer in front of moto: it plays boot and health-check time, warm pools (scale-in into
 * the pool with ReuseOnScaleIn, a shorter start out of it), draining, eventual
 * consistency, lost responses, launch failures (with DescribeScalingActivities, which moto lacks) and
 * expired credentials, each as configured. Real time: bundles run as other processes and see real delays.
 */
export async function startRealisticAws(options: RealisticAwsOptions): Promise<RealisticAws> {
  const motoEndpoint = options.moto.endpoint;
  const startedAt = Date.now();
  let settings: RealisticOptions = { ...options };
  /** Credential expiry counts from the start, or from the configure() that set it. */
  let expiryFrom = startedAt;
  let lostCounters = new Map<number, number>();
  let countedCalls = 0;
  let expiredAt: number | undefined;
  const hidden: Hidden[] = [];
  const events: RealisticEvent[] = [];
  const drainDelays = new Map<string, number>();

  const timings = () => ({
    bootMs: settings.bootMs ?? 300,
    warmStartMs: settings.warmStartMs ?? 100,
    healthMs: settings.healthMs ?? 300,
    elbHealthMs: settings.elbHealthMs ?? settings.healthMs ?? 300,
    jitterMs: settings.jitterMs ?? 0,
    seed: settings.seed ?? 1,
    launchFailures: settings.launchFailures ?? [],
  });
  const world = new World(timings);
  const record = (at: number, kind: RealisticEventKind, subject: string, detail?: string): void => {
    events.push({ atMs: at - startedAt, kind, subject, ...(detail !== undefined ? { detail } : {}) });
  };

  // --- reading moto -------------------------------------------------------------------------------------
  const readMoto = async (): Promise<MotoSnapshot> => {
    const groupPages = await queryAllPages(motoEndpoint, 'autoscaling', 'DescribeAutoScalingGroups', {
      MaxRecords: '100',
    });
    const groups = groupPages.flatMap((page) =>
      elements(at(page, 'AutoScalingGroups'), 'member').map((g) => ({
        name: textAt(g, 'AutoScalingGroupName'),
        arn: textAt(g, 'AutoScalingGroupARN'),
        desired: Number(textAt(g, 'DesiredCapacity') || 0),
        zones: elements(at(g, 'AvailabilityZones'), 'member').map((z) => textAt(z)),
        subnets: textAt(g, 'VPCZoneIdentifier').split(',').filter(Boolean),
        instances: elements(at(g, 'Instances'), 'member').map((i) => ({
          id: textAt(i, 'InstanceId'),
          zone: textAt(i, 'AvailabilityZone'),
        })),
      })),
    );
    const targetGroupPages = await queryAllPages(motoEndpoint, 'elbv2', 'DescribeTargetGroups');
    const arns = targetGroupPages.flatMap((page) =>
      elements(at(page, 'TargetGroups'), 'member').map((tg) => textAt(tg, 'TargetGroupArn')),
    );
    const targets = new Map<string, Map<string, XmlElement>>();
    await Promise.all(
      arns.map(async (arn) => {
        const root = await queryCall(motoEndpoint, 'elbv2', 'DescribeTargetHealth', { TargetGroupArn: arn });
        const members = elements(
          at(root, 'DescribeTargetHealthResult', 'TargetHealthDescriptions'),
          'member',
        );
        targets.set(arn, new Map(members.map((m) => [textAt(m, 'Target', 'Id'), m])));
      }),
    );
    const loadBalancers = new Map<string, Set<string>>();
    const lbPages = await queryAllPages(motoEndpoint, 'elb', 'DescribeLoadBalancers');
    for (const page of lbPages) {
      for (const lb of elements(at(page, 'LoadBalancerDescriptions'), 'member')) {
        loadBalancers.set(
          textAt(lb, 'LoadBalancerName'),
          new Set(elements(at(lb, 'Instances'), 'member').map((i) => textAt(i, 'InstanceId'))),
        );
      }
    }
    return { groups, targets, loadBalancers };
  };

  const drainDelayOf = async (arn: string): Promise<number> => {
    if (settings.deregistrationDelayMs !== undefined) return settings.deregistrationDelayMs;
    try {
      const root = await queryCall(motoEndpoint, 'elbv2', 'DescribeTargetGroupAttributes', {
        TargetGroupArn: arn,
      });
      const attribute = elements(
        at(root, 'DescribeTargetGroupAttributesResult', 'Attributes'),
        'member',
      ).find((m) => textAt(m, 'Key') === 'deregistration_delay.timeout_seconds');
      const delay = Number(textAt(attribute, 'Value') || 300) * 1000;
      drainDelays.set(arn, delay);
      return delay;
    } catch {
      // The target group is gone: no one is left to drain to.
      return drainDelays.get(arn) ?? 0;
    }
  };

  let lastRefresh = 0;
  let dirty = true;
  let refreshing: Promise<void> | undefined;
  const runRefresh = async (primed: boolean): Promise<void> => {
    dirty = false;
    const snapshot = await readMoto();
    const now = Date.now();
    const deregistered = world.observe(snapshot, now, primed);
    await Promise.all(
      deregistered.map(async (registration: Registration) => {
        registration.drainUntil =
          (registration.deregisteredAt ?? now) + (await drainDelayOf(registration.targetGroupArn));
      }),
    );
    lastRefresh = now;
  };
  /** One refresh at a time; a caller that needs a fresh view waits for one that started after its change. */
  const refresh = async (force: boolean, primed = false): Promise<void> => {
    if (!force && !dirty && Date.now() - lastRefresh < (settings.refreshMs ?? 1000)) return;
    while (refreshing) await refreshing;
    if (!force && !dirty && Date.now() - lastRefresh < (settings.refreshMs ?? 1000)) return;
    refreshing = runRefresh(primed).finally(() => {
      refreshing = undefined;
    });
    await refreshing;
  };

  // --- eventual consistency -----------------------------------------------------------------------------
  const isHidden = (kind: Hidden['kind'], key: string, now = Date.now()): boolean =>
    hidden.some((h) => h.kind === kind && h.until > now && h.keys.includes(key));
  const hide = (kind: Hidden['kind'], keys: string[], ms: number | undefined): void => {
    if (!ms || ms <= 0) return;
    const now = Date.now();
    hidden.push({ kind, keys, until: now + ms });
    record(now, 'hidden', `${kind}:${keys[0]}`, `for ${ms} ms`);
    record(now + ms, 'visible', `${kind}:${keys[0]}`);
  };

  const reject = (call: AwsCall, status: number, code: string, message: string): ProxyPlan => {
    record(Date.now(), 'rejected', call.operation, `${code}: ${message}`);
    return { kind: 'respond', response: errorResponse(call, status, code, message, 'realistic-00000000') };
  };

  /** A launch template the request names that is not visible yet, with how the request named it. */
  const hiddenTemplate = (
    params: URLSearchParams,
    prefixes: string[],
  ): { by: 'name' | 'ID'; value: string } | undefined => {
    for (const prefix of prefixes) {
      const name = params.get(`${prefix}LaunchTemplateName`);
      if (name && isHidden('launch-template', name)) return { by: 'name', value: name };
      const id = params.get(`${prefix}LaunchTemplateId`);
      if (id && isHidden('launch-template', id)) return { by: 'ID', value: id };
    }
    return undefined;
  };

  const GROUP_TEMPLATE_PREFIXES = [
    'LaunchTemplate.',
    'MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.',
  ];

  // --- answers rewritten ----------------------------------------------------------------------------------
  const rewriteXml = async (
    answer: UpstreamAnswer,
    edit: (doc: XmlDocument, now: number) => void,
  ): Promise<{ body: string } | undefined> => {
    if (answer.status !== 200) return undefined;
    await refresh(false);
    const doc = parseXml(answer.body.toString('utf8'));
    edit(doc, Date.now());
    return { body: writeXml(doc) };
  };

  /** Makes sure every instance id an answer mentions is known, re-reading moto once if one is new. */
  const knowAll = async (ids: string[]): Promise<void> => {
    if (ids.some((id) => !world.instances.has(id))) await refresh(true);
  };

  const editGroupInstances = (list: XmlElement | undefined, now: number): void => {
    if (!list) return;
    removeChildren(list, (m) => !world.isHidden(textAt(m, 'InstanceId')));
    for (const member of elements(list, 'member')) {
      if (world.bootedAt(textAt(member, 'InstanceId')) > now)
        setChildText(member, 'LifecycleState', 'Pending');
    }
  };

  const describeGroups = async (answer: UpstreamAnswer) => {
    const ids = [...answer.body.toString('utf8').matchAll(/<InstanceId>([^<]+)<\/InstanceId>/g)].map(
      (m) => m[1] ?? '',
    );
    await knowAll(ids);
    return rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'DescribeAutoScalingGroupsResult', 'AutoScalingGroups');
      if (!list) return;
      removeChildren(list, (g) => !isHidden('group', textAt(g, 'AutoScalingGroupName'), now));
      for (const group of elements(list, 'member')) editGroupInstances(at(group, 'Instances'), now);
    });
  };

  const describeGroupInstances = async (answer: UpstreamAnswer) => {
    const ids = [...answer.body.toString('utf8').matchAll(/<InstanceId>([^<]+)<\/InstanceId>/g)].map(
      (m) => m[1] ?? '',
    );
    await knowAll(ids);
    return rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'DescribeAutoScalingInstancesResult', 'AutoScalingInstances');
      if (!list) return;
      removeChildren(list, (m) => !isHidden('group', textAt(m, 'AutoScalingGroupName'), now));
      editGroupInstances(list, now);
    });
  };

  const describeInstances = (answer: UpstreamAnswer) =>
    rewriteXml(answer, (doc, now) => {
      const reservations = at(doc.root, 'reservationSet');
      if (!reservations) return;
      for (const reservation of elements(reservations, 'item')) {
        const instances = at(reservation, 'instancesSet');
        if (!instances) continue;
        removeChildren(instances, (i) => !world.isHidden(textAt(i, 'instanceId')));
        for (const instance of elements(instances, 'item')) {
          const state = at(instance, 'instanceState');
          // moto terminated it on scale-in; AWS keeps it, stopped, in the group's warm pool.
          const pool = world.poolOf(textAt(instance, 'instanceId'));
          if (state && pool) {
            const name = pool.state === 'Running' ? 'running' : 'stopped';
            setChildText(state, 'code', name === 'running' ? '16' : '80');
            setChildText(state, 'name', name);
            continue;
          }
          if (
            state &&
            textAt(state, 'name') === 'running' &&
            world.bootedAt(textAt(instance, 'instanceId')) > now
          ) {
            setChildText(state, 'code', '0');
            setChildText(state, 'name', 'pending');
          }
        }
      }
      removeChildren(reservations, (r) => elements(at(r, 'instancesSet'), 'item').length > 0);
    });

  const describeTargetHealth = async (request: ProxiedRequest, answer: UpstreamAnswer) => {
    const arn = request.params.get('TargetGroupArn') ?? '';
    const asked = new Set(
      [...request.params.entries()].filter(([k]) => /^Targets\.member\.\d+\.Id$/.test(k)).map(([, v]) => v),
    );
    const ids = [...answer.body.toString('utf8').matchAll(/<Id>([^<]+)<\/Id>/g)].map((m) => m[1] ?? '');
    if (ids.some((id) => !world.current(arn, id))) await refresh(true);
    return rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'DescribeTargetHealthResult', 'TargetHealthDescriptions');
      if (!list) return;
      const shown = new Set<string>();
      removeChildren(list, (member) => {
        const id = textAt(member, 'Target', 'Id');
        if (world.isHidden(id)) return false;
        const registration = world.current(arn, id);
        if (registration?.deregisteredAt !== undefined) {
          // moto still lists it (an instance its group let go): AWS drains it, then forgets it.
          if ((registration.drainUntil ?? 0) <= now) return false;
          setTargetHealth(member, 'draining');
        } else if (registration && registration.healthyAt > now) {
          setTargetHealth(member, 'initial');
        }
        shown.add(id);
        return true;
      });
      for (const list2 of world.registrations.values()) {
        const last = list2[list2.length - 1];
        if (!last || last.targetGroupArn !== arn || shown.has(last.id) || world.isHidden(last.id)) continue;
        if (last.deregisteredAt === undefined || (last.drainUntil ?? 0) <= now || !last.member) continue;
        if (asked.size > 0 && !asked.has(last.id)) continue;
        const member = clone(last.member);
        setTargetHealth(member, 'draining');
        list.children.push(member);
      }
    });
  };

  const describeInstanceHealth = async (request: ProxiedRequest, answer: UpstreamAnswer) => {
    const name = request.params.get('LoadBalancerName') ?? '';
    const ids = [...answer.body.toString('utf8').matchAll(/<InstanceId>([^<]+)<\/InstanceId>/g)].map(
      (m) => m[1] ?? '',
    );
    if (ids.some((id) => !world.currentElb(name, id))) await refresh(true);
    return rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'DescribeInstanceHealthResult', 'InstanceStates');
      if (!list) return;
      removeChildren(list, (m) => !world.isHidden(textAt(m, 'InstanceId')));
      for (const member of elements(list, 'member')) {
        const registration = world.currentElb(name, textAt(member, 'InstanceId'));
        if (registration && registration.deregisteredAt === undefined && registration.inServiceAt > now) {
          setChildText(member, 'State', 'OutOfService');
          setChildText(member, 'ReasonCode', 'ELB');
          setChildText(member, 'Description', 'Instance registration is still in progress.');
        }
      }
    });
  };

  /** moto answers a pool with no instances: the layer lists the ones its play put there. */
  const describeWarmPool = (request: ProxiedRequest, answer: UpstreamAnswer) =>
    rewriteXml(answer, (doc) => {
      const result = at(doc.root, 'DescribeWarmPoolResult');
      const pool = world.pools.get(request.params.get('AutoScalingGroupName') ?? '');
      if (!result || !pool || !at(result, 'WarmPoolConfiguration')) return;
      const members = pool.members.map((m) =>
        element(
          'member',
          leaf('InstanceId', m.id),
          leaf('AvailabilityZone', m.zone),
          leaf('LifecycleState', `Warmed:${pool.state}`),
          leaf('HealthStatus', 'Healthy'),
          leaf('ProtectedFromScaleIn', 'false'),
        ),
      );
      result.children = result.children.filter((c) => typeof c === 'string' || c.name !== 'Instances');
      result.children.push(element('Instances', ...members));
    });

  const describeTemplates = (answer: UpstreamAnswer) =>
    rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'launchTemplates');
      if (!list) return;
      removeChildren(
        list,
        (t) =>
          !isHidden('launch-template', textAt(t, 'launchTemplateId'), now) &&
          !isHidden('launch-template', textAt(t, 'launchTemplateName'), now),
      );
    });

  const describePolicies = (answer: UpstreamAnswer) =>
    rewriteXml(answer, (doc, now) => {
      const list = at(doc.root, 'DescribePoliciesResult', 'ScalingPolicies');
      if (!list) return;
      removeChildren(
        list,
        (p) => !isHidden('policy', `${textAt(p, 'AutoScalingGroupName')}/${textAt(p, 'PolicyName')}`, now),
      );
    });

  const scalingActivities = async (request: ProxiedRequest): Promise<CannedResponse> => {
    await refresh(false);
    const now = Date.now();
    const seed = settings.seed ?? 1;
    const name = request.params.get('AutoScalingGroupName');
    const includeDeleted = request.params.get('IncludeDeletedGroups') === 'true';
    const ids = new Set(listParams(request.params, 'ActivityIds.member.'));
    const groups = [...world.groups.values()].filter(
      (g) =>
        (name === null || g.name === name) &&
        (includeDeleted || g.deletedAt === undefined) &&
        !isHidden('group', g.name, now),
    );
    const all = groups
      .flatMap((g) => activitiesOf(world, g, now, seed))
      .filter((a) => ids.size === 0 || ids.has(a.activityId))
      .sort((a, b) => b.start - a.start || a.activityId.localeCompare(b.activityId));
    const max = Math.min(Number(request.params.get('MaxRecords') ?? 100) || 100, 100);
    const offset = Number(request.params.get('NextToken') ?? 0) || 0;
    const page = all.slice(offset, offset + max);
    const next = offset + max < all.length ? String(offset + max) : undefined;
    const xml = writeXml({
      prolog: '',
      root: {
        name: 'DescribeScalingActivitiesResponse',
        attributes: ' xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"',
        children: [
          element(
            'DescribeScalingActivitiesResult',
            element('Activities', ...page.map(activityXml)),
            ...(next ? [leaf('NextToken', next)] : []),
          ),
          element('ResponseMetadata', leaf('RequestId', `realistic-activities-${offset}`)),
        ],
      },
    });
    return xmlResponse(200, xml);
  };

  // --- the plan for each request ------------------------------------------------------------------------
  const credentialsExpired = (now: number): boolean => {
    const expiry = settings.expireCredentials;
    const byTime = expiry?.afterMs !== undefined && now >= expiryFrom + expiry.afterMs;
    const byCount = expiry?.afterCalls !== undefined && countedCalls > expiry.afterCalls;
    if ((byTime || byCount) && expiredAt === undefined) {
      expiredAt = byTime && expiry?.afterMs !== undefined ? expiryFrom + expiry.afterMs : now;
      record(
        expiredAt,
        'credentials-expired',
        'credentials',
        byTime ? `after ${expiry?.afterMs} ms` : `after ${expiry?.afterCalls} calls`,
      );
    }
    return expiredAt !== undefined && now >= expiredAt;
  };

  const loses = (call: AwsCall): boolean => {
    let lost = false;
    (settings.loseResponses ?? []).forEach((rule, index) => {
      if (rule.operation !== call.operation || (rule.service && rule.service !== call.service)) return;
      const n = (lostCounters.get(index) ?? 0) + 1;
      lostCounters.set(index, n);
      if ((rule.occurrences ?? [1]).includes(n)) lost = true;
    });
    return lost;
  };

  /** Forwards, lets `edit` change the answer, and after a change re-reads moto before anyone sees it. */
  const forward = (
    request: ProxiedRequest,
    /** Whether this attempt's answer is lost (decided when it arrived). */
    lose: boolean,
    edit?: (answer: UpstreamAnswer) => Promise<{ body: string } | undefined>,
    onApplied?: () => void,
  ): ProxyPlan => ({
    kind: 'forward',
    after: async (answer) => {
      const { call } = request;
      if (isMutation(call) && answer.status < 300) {
        onApplied?.();
        dirty = true;
        await refresh(true);
      }
      const change = edit ? await edit(answer) : undefined;
      if (lose) {
        record(
          Date.now(),
          'response-lost',
          call.operation,
          `HTTP ${answer.status} applied, connection dropped`,
        );
        return { drop: true };
      }
      return change;
    },
  });

  const plan = async (request: ProxiedRequest): Promise<ProxyPlan> => {
    const internal = header(request.headers, INTERNAL_HEADER) !== undefined;
    const { call, params } = request;
    if (!internal) {
      countedCalls++;
      if (credentialsExpired(Date.now())) {
        const code =
          call.protocol === 'json' || call.protocol === 'cbor' ? 'ExpiredTokenException' : 'ExpiredToken';
        return {
          kind: 'respond',
          response: errorResponse(call, 400, code, EXPIRED_MESSAGE, 'realistic-expired'),
        };
      }
    }
    // Every attempt of a lost-response operation counts, refused ones included (as on the wire).
    const lose = !internal && loses(call);
    const consistency = settings.consistency ?? {};
    switch (`${call.service}:${call.operation}`) {
      case 'autoscaling:DescribeScalingActivities':
        return { kind: 'respond', response: await scalingActivities(request) };
      case 'autoscaling:DescribeAutoScalingGroups':
        return forward(request, lose, describeGroups);
      case 'autoscaling:DescribeAutoScalingInstances':
        return forward(request, lose, describeGroupInstances);
      case 'autoscaling:DescribePolicies':
        return forward(request, lose, describePolicies);
      case 'ec2:DescribeInstances':
        return forward(request, lose, describeInstances);
      case 'elasticloadbalancing:DescribeTargetHealth':
        return forward(request, lose, (answer) => describeTargetHealth(request, answer));
      case 'elasticloadbalancing:DescribeInstanceHealth':
        return forward(request, lose, (answer) => describeInstanceHealth(request, answer));
      case 'ec2:DescribeLaunchTemplates': {
        const names = listParams(params, 'LaunchTemplateName.');
        if (names.some((n) => isHidden('launch-template', n))) {
          return reject(
            call,
            400,
            'InvalidLaunchTemplateName.NotFoundException',
            'At least one of the launch templates specified in the request does not exist.',
          );
        }
        const ids = listParams(params, 'LaunchTemplateId.');
        if (ids.some((id) => isHidden('launch-template', id))) {
          return reject(
            call,
            400,
            'InvalidLaunchTemplateId.NotFound',
            'At least one of the launch templates specified in the request does not exist.',
          );
        }
        return forward(request, lose, describeTemplates);
      }
      case 'ec2:DescribeLaunchTemplateVersions':
      case 'ec2:CreateLaunchTemplateVersion':
      case 'ec2:ModifyLaunchTemplate': {
        const missing = hiddenTemplate(params, ['']);
        if (missing) {
          return reject(
            call,
            400,
            missing.by === 'name'
              ? 'InvalidLaunchTemplateName.NotFoundException'
              : 'InvalidLaunchTemplateId.NotFound',
            `The specified launch template, with template ${missing.by} ${missing.value}, does not exist.`,
          );
        }
        return forward(request, lose);
      }
      case 'ec2:CreateLaunchTemplate':
        return forward(request, lose, async (answer) => {
          if (answer.status === 200) {
            const root = parseXml(answer.body.toString('utf8')).root;
            const keys = [
              textAt(root, 'launchTemplate', 'launchTemplateId'),
              textAt(root, 'launchTemplate', 'launchTemplateName'),
            ];
            hide('launch-template', keys.filter(Boolean), consistency.launchTemplateMs);
          }
          return undefined;
        });
      case 'autoscaling:CreateAutoScalingGroup':
      case 'autoscaling:UpdateAutoScalingGroup': {
        const missing = hiddenTemplate(params, GROUP_TEMPLATE_PREFIXES);
        if (missing) {
          return reject(
            call,
            400,
            'ValidationError',
            `You must use a valid fully-formed launch template. The specified launch template, with template ${missing.by} ${missing.value}, does not exist.`,
          );
        }
        const name = params.get('AutoScalingGroupName') ?? '';
        if (call.operation === 'CreateAutoScalingGroup') {
          // moto silently replaces a group of the same name; AWS refuses.
          const existing = await queryCall(motoEndpoint, 'autoscaling', 'DescribeAutoScalingGroups', {
            'AutoScalingGroupNames.member.1': name,
          });
          if (
            elements(at(existing, 'DescribeAutoScalingGroupsResult', 'AutoScalingGroups'), 'member').length >
            0
          ) {
            return reject(
              call,
              400,
              'AlreadyExists',
              `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
            );
          }
          return forward(request, lose, undefined, () => hide('group', [name], consistency.groupMs));
        }
        return forward(request, lose);
      }
      case 'autoscaling:PutWarmPool': {
        const group = params.get('AutoScalingGroupName') ?? '';
        const state = (params.get('PoolState') ?? 'Stopped') as 'Stopped' | 'Running' | 'Hibernated';
        const reuse = params.get('InstanceReusePolicy.ReuseOnScaleIn') === 'true';
        return forward(request, lose, undefined, () => world.putPool(group, state, reuse));
      }
      case 'autoscaling:DeleteWarmPool': {
        const group = params.get('AutoScalingGroupName') ?? '';
        return forward(request, lose, undefined, () => world.deletePool(group));
      }
      case 'autoscaling:DescribeWarmPool':
        return forward(request, lose, (answer) => describeWarmPool(request, answer));
      case 'autoscaling:PutScalingPolicy': {
        const key = `${params.get('AutoScalingGroupName') ?? ''}/${params.get('PolicyName') ?? ''}`;
        return forward(request, lose, undefined, () => hide('policy', [key], consistency.policyMs));
      }
      default:
        return forward(request, lose);
    }
  };

  await refresh(true, true);
  const proxy = await startAwsProxy({
    target: motoEndpoint,
    plan,
    counts: (request) => header(request.headers, INTERNAL_HEADER) === undefined,
  });

  const envOf = (): Record<string, string> => {
    const env: Record<string, string> = { ...options.moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
    const afterMs = settings.expireCredentials?.afterMs;
    if (afterMs !== undefined) {
      // What configure-aws-credentials exports: the SDK's env provider reads the expiry from it.
      env.AWS_SESSION_TOKEN = 'realistic-session-token';
      env.AWS_CREDENTIAL_EXPIRATION = new Date(expiryFrom + afterMs).toISOString();
    }
    return env;
  };

  const timeline = (): RealisticEvent[] => {
    const now = Date.now();
    const derived: RealisticEvent[] = [];
    const push = (at: number, kind: RealisticEventKind, subject: string, detail?: string) => {
      if (at <= now && at > 0)
        derived.push({ atMs: at - startedAt, kind, subject, ...(detail !== undefined ? { detail } : {}) });
    };
    for (const instance of world.instances.values()) {
      if (instance.hidden || instance.firstSeen === 0) continue;
      push(instance.firstSeen, 'instance-pending', instance.id, instance.group);
      push(instance.bootedAt, 'instance-in-service', instance.id, instance.group);
    }
    for (const e of world.poolEvents) push(e.at, e.kind, e.subject, e.detail);
    for (const list of world.registrations.values()) {
      for (const r of list) {
        if (world.isHidden(r.id)) continue;
        const subject = `${targetGroupName(r.targetGroupArn)}/${r.id}`;
        push(r.registeredAt, 'target-initial', subject);
        if (r.deregisteredAt === undefined || r.healthyAt < r.deregisteredAt)
          push(r.healthyAt, 'target-healthy', subject);
        if (r.deregisteredAt !== undefined) {
          push(r.deregisteredAt, 'target-draining', subject);
          if (r.drainUntil !== undefined) push(r.drainUntil, 'target-drained', subject);
        }
      }
    }
    for (const list of world.elbRegistrations.values()) {
      for (const r of list) {
        if (world.isHidden(r.id)) continue;
        const subject = `${r.loadBalancer}/${r.id}`;
        push(r.registeredAt, 'elb-out-of-service', subject);
        if (r.deregisteredAt === undefined || r.inServiceAt < r.deregisteredAt)
          push(r.inServiceAt, 'elb-in-service', subject);
        if (r.deregisteredAt !== undefined) push(r.deregisteredAt, 'elb-deregistered', subject);
      }
    }
    for (const group of world.groups.values()) {
      for (const activity of activitiesOf(world, group, now, settings.seed ?? 1)) {
        if (activity.status === 'Failed')
          push(activity.start, 'launch-failed', group.name, activity.statusMessage);
      }
    }
    const played = events.filter((e) => e.atMs + startedAt <= now);
    return [...played, ...derived].sort((a, b) => a.atMs - b.atMs);
  };

  return {
    endpoint: proxy.endpoint,
    get env() {
      return envOf();
    },
    startedAt,
    stats: () => proxy.stats(),
    resetStats: () => proxy.resetStats(),
    timeline,
    configure: (next) => {
      settings = { ...settings, ...next };
      if (next.loseResponses) lostCounters = new Map();
      if (next.expireCredentials) {
        expiryFrom = Date.now();
        countedCalls = 0;
        expiredAt = undefined;
      }
    },
    settle: async () => {
      await refresh(true);
      const now = Date.now();
      world.settle(now);
      for (const h of hidden) h.until = Math.min(h.until, now);
    },
    expireCredentials: () => {
      expiredAt = Date.now();
      record(expiredAt, 'credentials-expired', 'credentials', 'expired by the test');
    },
    stop: () => proxy.stop(),
  };
}
