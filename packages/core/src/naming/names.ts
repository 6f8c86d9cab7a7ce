import { invalidInput } from '../errors';

// Frigga's grammar (Netflix/frigga), which Asgard and Spinnaker share, narrowed to what AWS accepts for the
// launch template each group gets under its own name (3–128 of [a-zA-Z0-9().\-/_]): Frigga's `~` and `^` in
// the detail are refused, as AWS would refuse them after the deploy began (moto accepts them).
const APP = /^[a-zA-Z0-9._]+$/;
const STACK = /^[a-zA-Z0-9._]*$/;
const DETAIL = /^[-a-zA-Z0-9._]*$/;
/** What AWS accepts in a launch template name; a group name is a subset of what Auto Scaling accepts. */
const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;
const PUSH_TOKEN = /(^|-)v\d{3,6}(-|$)/;
const GROUP = /^([-a-zA-Z0-9._~^]*)-v(\d{3,6})$/;

/** Asgard's limits; AWS itself allows 255 characters in a group name. */
export const MAX_APP_LENGTH = 28;
export const MAX_NAME_LENGTH = 96;
export const MAX_VERSION = 999;

export interface ClusterName {
  cluster: string;
  app: string;
  stack: string;
  detail: string;
}

export interface GroupName extends ClusterName {
  group: string;
  version: number;
}

/** Validates `app[-stack[-detail]]`, naming the offending value. */
export function parseClusterName(cluster: string, inputName = 'cluster'): ClusterName {
  const expected =
    'app[-stack[-detail]] with app of letters, digits, . or _ (e.g. myapp-prod or myapp--canary)';
  const [app = '', stack = '', ...rest] = cluster.split('-');
  const detail = rest.join('-');
  const fail = (why: string) => invalidInput(inputName, cluster, `${expected}; ${why}`);
  if (!APP.test(app)) throw fail('the app part is empty or has other characters');
  if (app.length > MAX_APP_LENGTH) throw fail(`the app part is longer than ${MAX_APP_LENGTH} characters`);
  if (!STACK.test(stack)) throw fail('the stack part has other characters');
  if (!DETAIL.test(detail))
    throw fail('the detail part has other characters (AWS launch template names allow no ~ or ^)');
  if (cluster.endsWith('-')) throw fail('it ends with -, which leaves an empty stack or detail');
  if (PUSH_TOKEN.test(stack) || PUSH_TOKEN.test(detail) || PUSH_TOKEN.test(cluster)) {
    throw fail('it contains a push token like -v001, which is reserved for group versions');
  }
  if (cluster.length + '-v000'.length > MAX_NAME_LENGTH)
    throw fail(`it is longer than ${MAX_NAME_LENGTH - 5} characters`);
  // Implied by the checks above; kept so a loosened Frigga rule can never reach AWS with a name it refuses.
  if (!LAUNCH_TEMPLATE_NAME.test(formatGroupName(cluster, 0)))
    throw fail('its group names are not valid AWS launch template names');
  return { cluster, app, stack, detail };
}

/** Parses `<cluster>-vNNN`; undefined when the name is not a versioned group of a valid cluster. */
export function parseGroupName(name: string): GroupName | undefined {
  const match = GROUP.exec(name);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  try {
    return { ...parseClusterName(match[1]), group: name, version: Number(match[2]) };
  } catch {
    return undefined;
  }
}

export function formatGroupName(cluster: string, version: number): string {
  return `${cluster}-v${String(version).padStart(3, '0')}`;
}

/** True when `group` is `<cluster>-vNNN` for exactly this cluster (not a longer cluster sharing the prefix). */
export function belongsToCluster(group: string, cluster: string): boolean {
  return parseGroupName(group)?.cluster === cluster;
}

/**
 * Asgard's rule: the next version after the newest group, wrapping to v000 after v999 and
 * skipping numbers still in use. The newest is by creation time when given, which is what
 * makes the wrap work (v999 is older than v000 after a wrap).
 */
export function nextGroupName(
  cluster: string,
  groups: readonly { name: string; createdTime?: Date }[],
): string {
  const ours = groups
    .map((g) => ({ parsed: parseGroupName(g.name), created: g.createdTime?.getTime() ?? 0 }))
    .filter((g): g is { parsed: GroupName; created: number } => g.parsed?.cluster === cluster);
  if (ours.length > MAX_VERSION) {
    throw invalidInput('cluster', cluster, `fewer than ${MAX_VERSION + 1} groups; delete old groups first`);
  }
  const used = new Set(ours.map((g) => g.parsed.version % (MAX_VERSION + 1)));
  const newest = ours.reduce<{ parsed: GroupName; created: number } | undefined>(
    (best, g) =>
      !best ||
      g.created > best.created ||
      (g.created === best.created && g.parsed.version > best.parsed.version)
        ? g
        : best,
    undefined,
  );
  let version = newest ? (newest.parsed.version + 1) % (MAX_VERSION + 1) : 0;
  while (used.has(version)) version = (version + 1) % (MAX_VERSION + 1);
  return formatGroupName(cluster, version);
}
