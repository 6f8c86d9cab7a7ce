// What the layer remembers of moto's world, with the times at which AWS would have moved each thing on:
// when an instance finishes booting, when a target turns healthy, until when a deregistered one drains.
import { fnv1a, mulberry32 } from '../aws-wire';
import type { XmlElement } from './xml';

export interface LaunchFailureRule {
  /** Group name: exact, a glob with `*`, or a RegExp (a new group, or a known one with no instances). */
  group: string | RegExp;
  /** AWS's StatusMessage; the default is the insufficient-capacity message for the instance type. */
  message?: string;
  /** Instance type named in the default message. Default t3.micro. */
  instanceType?: string;
  /** The first Failed activity appears this long after the group first wanted instances. Default 100. */
  afterMs?: number;
  /** Another Failed activity every this many ms while the group still wants instances. Default 1000. */
  retryMs?: number;
}

export interface GroupRecord {
  name: string;
  arn: string;
  firstSeen: number;
  desired: number;
  zones: string[];
  subnets: string[];
  failure?: LaunchFailureRule;
  /** When a failing group first wanted instances (desired > 0), and when it stopped. */
  failingFrom?: number;
  failingUntil?: number;
  deletedAt?: number;
  /** Instance ids in the group at the last look. */
  members: Set<string>;
  launches: { instanceId: string; at: number; zone: string; from: number; to: number }[];
  terminations: { instanceId: string; at: number; from: number; to: number }[];
}

export interface InstanceRecord {
  id: string;
  group: string;
  firstSeen: number;
  bootedAt: number;
  /** In a group whose launches fail: never shown, never healthy, never registered. */
  hidden: boolean;
  /** When the instance left its group (scale-in, delete, detach). */
  leftAt?: number;
}

export interface Registration {
  targetGroupArn: string;
  id: string;
  registeredAt: number;
  healthyAt: number;
  deregisteredAt?: number;
  drainUntil?: number;
  /** moto's last answer for this target (port, health-check port), reused to show it draining. */
  member?: XmlElement;
}

export interface ElbRegistration {
  loadBalancer: string;
  id: string;
  registeredAt: number;
  inServiceAt: number;
  deregisteredAt?: number;
}

/** What one look at moto found. */
export interface MotoSnapshot {
  groups: {
    name: string;
    arn: string;
    desired: number;
    zones: string[];
    subnets: string[];
    instances: { id: string; zone: string }[];
  }[];
  /** Target group ARN → registered targets (moto's answer members, keyed by instance id). */
  targets: Map<string, Map<string, XmlElement>>;
  /** Classic load balancer name → registered instance ids. */
  loadBalancers: Map<string, Set<string>>;
}

/** A warm pool as PutWarmPool set it (moto stores it but keeps no instance in it), with what the layer put in. */
export interface WarmPoolRecord {
  state: 'Stopped' | 'Running' | 'Hibernated';
  reuseOnScaleIn: boolean;
  /** Instances that left the group on scale-in and wait in the pool, oldest first. */
  members: { id: string; zone: string; enteredAt: number }[];
}

/** What the pool play did, for the layer's timeline. */
export interface WarmPoolEvent {
  at: number;
  kind: 'instance-warmed' | 'instance-warm-start';
  /** The instance id (for a warm start, the new id moto gave it). */
  subject: string;
  /** The group; for a warm start, also the pooled instance it stands for. */
  detail: string;
}

export interface WorldTimings {
  bootMs: number;
  /** An instance started out of a warm pool was initialised before it stopped: Pending only this long. */
  warmStartMs: number;
  healthMs: number;
  elbHealthMs: number;
  jitterMs: number;
  seed: number;
  launchFailures: LaunchFailureRule[];
}

export function globMatches(pattern: string | RegExp, name: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(name);
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return regex.test(name);
}

export class World {
  readonly groups = new Map<string, GroupRecord>();
  readonly instances = new Map<string, InstanceRecord>();
  /** Every registration ever seen, the current one last, keyed `arn|id`. */
  readonly registrations = new Map<string, Registration[]>();
  readonly elbRegistrations = new Map<string, ElbRegistration[]>();
  /** Warm pools by group name, as put through the layer. */
  readonly pools = new Map<string, WarmPoolRecord>();
  readonly poolEvents: WarmPoolEvent[] = [];

  constructor(private timings: () => WorldTimings) {}

  /** A stable extra delay per resource, from the seed: the same seed and ids give the same timings. */
  private jitter(key: string): number {
    const { jitterMs, seed } = this.timings();
    return jitterMs > 0 ? Math.floor(mulberry32(seed ^ fnv1a(key))() * jitterMs) : 0;
  }

  /** PutWarmPool applied: a new pool starts empty; an updated one keeps its instances. */
  putPool(group: string, state: WarmPoolRecord['state'], reuseOnScaleIn: boolean): void {
    const members = this.pools.get(group)?.members ?? [];
    this.pools.set(group, { state, reuseOnScaleIn, members });
  }

  /** DeleteWarmPool applied (or the group deleted): the pool's instances are terminated with it. */
  deletePool(group: string): void {
    this.pools.delete(group);
  }

  /** The pool an instance waits in, if it does. */
  poolOf(id: string): WarmPoolRecord | undefined {
    for (const pool of this.pools.values()) if (pool.members.some((m) => m.id === id)) return pool;
    return undefined;
  }

  bootedAt(id: string): number {
    return this.instances.get(id)?.bootedAt ?? 0;
  }

  isHidden(id: string): boolean {
    return this.instances.get(id)?.hidden ?? false;
  }

  current(arn: string, id: string): Registration | undefined {
    const list = this.registrations.get(`${arn}|${id}`);
    return list?.[list.length - 1];
  }

  currentElb(name: string, id: string): ElbRegistration | undefined {
    const list = this.elbRegistrations.get(`${name}|${id}`);
    return list?.[list.length - 1];
  }

  /**
   * Folds one look at moto into the world. `primed` things (there before the layer started, or settled) are
   * booted and healthy from time 0. Answers the targets deregistered by this look, whose drain the caller
   * times from the target group's deregistration delay.
   */
  observe(snapshot: MotoSnapshot, now: number, primed: boolean): Registration[] {
    const timings = this.timings();
    const seenGroups = new Set<string>();
    for (const group of snapshot.groups) {
      seenGroups.add(group.name);
      let record = this.groups.get(group.name);
      if (!record || record.deletedAt !== undefined) {
        const failure = timings.launchFailures.find((rule) => globMatches(rule.group, group.name));
        record = {
          name: group.name,
          arn: group.arn,
          firstSeen: primed ? 0 : now,
          desired: group.desired,
          zones: group.zones,
          subnets: group.subnets,
          members: new Set(),
          launches: [],
          terminations: [],
          ...(failure ? { failure } : {}),
        };
        this.groups.set(group.name, record);
      }
      // A rule configured later also takes a known group that was empty at the last look (scaled to
      // zero): its next launches fail, as when a rollback grows it back into a capacity shortage.
      if (!record.failure && record.members.size === 0) {
        const failure = timings.launchFailures.find((rule) => globMatches(rule.group, group.name));
        if (failure) record.failure = failure;
      }
      record.desired = group.desired;
      record.zones = group.zones;
      record.subnets = group.subnets;
      if (record.failure) {
        if (group.desired > 0 && record.failingFrom === undefined) record.failingFrom = now;
        if (group.desired === 0 && record.failingFrom !== undefined) record.failingUntil ??= now;
        if (group.desired > 0) delete record.failingUntil;
      }
      const ids = new Set(group.instances.map((i) => i.id));
      let count = record.members.size;
      for (const instance of group.instances) {
        if (record.members.has(instance.id)) continue;
        const known = this.instances.get(instance.id);
        if (!known || known.leftAt !== undefined) {
          // AWS grows a group with a warm pool out of the pool first: that instance only starts.
          const pooled = primed ? undefined : this.pools.get(group.name)?.members.shift();
          const startMs = pooled ? timings.warmStartMs : timings.bootMs;
          this.instances.set(instance.id, {
            id: instance.id,
            group: group.name,
            firstSeen: primed ? 0 : now,
            bootedAt: primed ? 0 : now + startMs + this.jitter(`boot:${instance.id}`),
            hidden: record.failure !== undefined,
          });
          if (pooled) {
            this.poolEvents.push({
              at: now,
              kind: 'instance-warm-start',
              subject: instance.id,
              detail: `${group.name} (was ${pooled.id})`,
            });
          }
        }
        if (!record.failure) {
          record.launches.push({
            instanceId: instance.id,
            at: now,
            zone: instance.zone,
            from: count,
            to: count + 1,
          });
        }
        count++;
      }
      const pool = this.pools.get(group.name);
      for (const id of record.members) {
        if (ids.has(id)) continue;
        const instance = this.instances.get(id);
        if (instance && instance.group === group.name) instance.leftAt = now;
        // moto terminates on scale-in; with ReuseOnScaleIn AWS puts the instance back in the pool.
        if (pool?.reuseOnScaleIn && !record.failure) {
          const zone = record.launches.find((l) => l.instanceId === id)?.zone ?? record.zones[0] ?? '';
          pool.members.push({ id, zone, enteredAt: now });
          this.poolEvents.push({ at: now, kind: 'instance-warmed', subject: id, detail: group.name });
        }
        if (!record.failure)
          record.terminations.push({ instanceId: id, at: now, from: count, to: count - 1 });
        count--;
      }
      record.members = ids;
    }
    for (const record of this.groups.values()) {
      if (seenGroups.has(record.name) || record.deletedAt !== undefined) continue;
      record.deletedAt = now;
      this.pools.delete(record.name);
      if (record.failingFrom !== undefined) record.failingUntil ??= now;
      for (const id of record.members) {
        const instance = this.instances.get(id);
        if (instance && instance.group === record.name) instance.leftAt = now;
      }
      record.members = new Set();
    }
    this.observeElbs(snapshot, now, primed);
    return this.observeTargets(snapshot, now, primed);
  }

  private healthyAfter(id: string, registeredAt: number, key: string, healthMs: number): number {
    return Math.max(registeredAt, this.bootedAt(id)) + healthMs + this.jitter(`health:${key}`);
  }

  private observeTargets(snapshot: MotoSnapshot, now: number, primed: boolean): Registration[] {
    const { healthMs } = this.timings();
    const deregistered: Registration[] = [];
    for (const [arn, members] of snapshot.targets) {
      for (const [id, member] of members) {
        const key = `${arn}|${id}`;
        const current = this.current(arn, id);
        // moto keeps a terminated group member registered (and healthy); AWS deregisters it on the way out.
        const orphaned = this.instances.get(id)?.leftAt !== undefined;
        if (current && current.deregisteredAt === undefined) {
          current.member = member;
          if (orphaned) {
            current.deregisteredAt = now;
            deregistered.push(current);
          }
          continue;
        }
        if (orphaned) continue;
        const registration: Registration = {
          targetGroupArn: arn,
          id,
          registeredAt: primed ? 0 : now,
          healthyAt: primed ? 0 : this.healthyAfter(id, now, `${key}@${now}`, healthMs),
          member,
        };
        this.registrations.set(key, [...(this.registrations.get(key) ?? []), registration]);
      }
    }
    for (const list of this.registrations.values()) {
      const current = list[list.length - 1];
      if (!current || current.deregisteredAt !== undefined) continue;
      if (snapshot.targets.get(current.targetGroupArn)?.has(current.id)) continue;
      current.deregisteredAt = now;
      deregistered.push(current);
    }
    return deregistered;
  }

  private observeElbs(snapshot: MotoSnapshot, now: number, primed: boolean): void {
    const { elbHealthMs } = this.timings();
    for (const [name, ids] of snapshot.loadBalancers) {
      for (const id of ids) {
        const current = this.currentElb(name, id);
        if (current && current.deregisteredAt === undefined) continue;
        const key = `${name}|${id}`;
        const registeredAt = primed ? 0 : now;
        this.elbRegistrations.set(key, [
          ...(this.elbRegistrations.get(key) ?? []),
          {
            loadBalancer: name,
            id,
            registeredAt,
            inServiceAt: primed ? 0 : this.healthyAfter(id, now, `elb:${key}@${now}`, elbHealthMs),
          },
        ]);
      }
    }
    for (const list of this.elbRegistrations.values()) {
      const current = list[list.length - 1];
      if (!current || current.deregisteredAt !== undefined) continue;
      if (!snapshot.loadBalancers.get(current.loadBalancer)?.has(current.id)) current.deregisteredAt = now;
    }
  }

  /** Everything as it is now counts as booted, healthy and drained (a test's starting point). */
  settle(now: number): void {
    for (const instance of this.instances.values()) instance.bootedAt = Math.min(instance.bootedAt, now);
    for (const list of this.registrations.values()) {
      for (const r of list) {
        r.healthyAt = Math.min(r.healthyAt, now);
        if (r.deregisteredAt !== undefined) r.drainUntil = Math.min(r.drainUntil ?? now, now);
      }
    }
    for (const list of this.elbRegistrations.values()) {
      for (const r of list) r.inServiceAt = Math.min(r.inServiceAt, now);
    }
  }
}
