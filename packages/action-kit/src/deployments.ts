import {
  describeError,
  parseClusterName,
  type DeployPlan,
  type DeployResult,
  type Logger,
  type RollbackResult,
} from '@immutable-actions/core';
import type * as GitHub from '@actions/github';

/**
 * GitHub Deployments for deploy-asg and rollback-asg: optional (only with a `github-token`), and never
 * the reason a deploy fails — every API error is a warning, because the AWS change is what matters.
 *
 * Through @actions/github's Octokit: GITHUB_API_URL (GitHub Enterprise Server's /api/v3 too) and the
 * runner's proxy settings; GITHUB_REPOSITORY, GITHUB_SHA (or GITHUB_REF) and the run's URL.
 */

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentPayload {
  cluster: string;
  ami: string;
  group: string;
  previousGroup?: string;
  rollbackOf?: string;
}

export interface Deployment {
  id: number;
  sha: string;
  environment: string;
  payload: Partial<DeploymentPayload>;
}

const REQUEST_TIMEOUT_MS = 15_000;
/** GitHub's limit on a status's description. */
const MAX_DESCRIPTION = 140;

export interface GitHubEnv {
  apiUrl: string;
  owner: string;
  repo: string;
  ref: string;
  runUrl: string | undefined;
}

/** Where and what to record, from the runner's environment; undefined when it is not a workflow run. */
export function githubEnv(env: NodeJS.ProcessEnv = process.env): GitHubEnv | undefined {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ref = env.GITHUB_SHA || env.GITHUB_REF;
  if (!owner || !repo || rest.length > 0 || !ref) return undefined;
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return {
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    owner,
    repo,
    ref,
    runUrl: env.GITHUB_RUN_ID ? `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}

/** A prod/production stack is a production environment, as GitHub's UI shows it. */
export function isProductionCluster(cluster: string): boolean {
  try {
    return /^prod(uction)?$/i.test(parseClusterName(cluster).stack);
  } catch {
    return false;
  }
}

function clip(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

function toDeployment(value: unknown): Deployment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  if (typeof raw.id !== 'number') return undefined;
  let payload = raw.payload;
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      payload = {};
    }
  }
  return {
    id: raw.id,
    sha: typeof raw.sha === 'string' ? raw.sha : '',
    environment: typeof raw.environment === 'string' ? raw.environment : '',
    payload: typeof payload === 'object' && payload !== null ? (payload as Partial<DeploymentPayload>) : {},
  };
}

/** The REST calls, each answering undefined (after a warning) instead of throwing. */
export class GitHubDeployments {
  constructor(
    token: string,
    readonly env: GitHubEnv,
    readonly logger: Logger,
  ) {
    // @actions/github (Octokit) loads only when a token is given and a call is made.
    this.octokit = import('@actions/github').then(({ getOctokit }) =>
      getOctokit(token, { baseUrl: env.apiUrl, userAgent: 'immutable-actions' }),
    );
  }

  private readonly octokit: Promise<ReturnType<typeof GitHub.getOctokit>>;

  private async call(route: string, params: Record<string, unknown> = {}): Promise<unknown> {
    try {
      // @actions/github: GITHUB_API_URL (GHES /api/v3 too), the runner's proxy settings, retries of its own.
      const octokit = await this.octokit;
      const response = await octokit.request(route, {
        owner: this.env.owner,
        repo: this.env.repo,
        headers: { 'x-github-api-version': '2022-11-28' },
        request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
        ...params,
      });
      return response.data as unknown;
    } catch (error) {
      this.logger.warn(
        `GitHub deployments: ${route.replace('/repos/{owner}/{repo}', '')} failed (${describeError(error)}); going on without it`,
      );
      return undefined;
    }
  }

  async create(request: {
    environment: string;
    ref?: string;
    payload: DeploymentPayload;
    description: string;
  }): Promise<Deployment | undefined> {
    const answer = await this.call('POST /repos/{owner}/{repo}/deployments', {
      ref: request.ref ?? this.env.ref,
      task: 'deploy',
      environment: request.environment,
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: isProductionCluster(request.environment),
      payload: request.payload,
      description: clip(request.description),
    });
    const deployment = toDeployment(answer);
    if (answer !== undefined && !deployment) {
      // 202: GitHub merged the default branch instead (auto_merge is off, so this should not happen).
      this.logger.warn('GitHub deployments: no deployment was created; going on without it');
    }
    if (deployment) this.logger.info(`GitHub deployment ${deployment.id} for ${request.environment}`);
    return deployment;
  }

  async setStatus(deployment: Deployment, state: DeploymentState, description: string): Promise<void> {
    await this.call('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      deployment_id: deployment.id,
      state,
      description: clip(description),
      ...(this.env.runUrl ? { log_url: this.env.runUrl } : {}),
    });
  }

  /** The environment's deployments, newest first (one page of 100 is plenty for a cluster's groups). */
  async list(environment: string): Promise<Deployment[] | undefined> {
    const answer = await this.call('GET /repos/{owner}/{repo}/deployments', { environment, per_page: 100 });
    return Array.isArray(answer) ? answer.flatMap((d) => toDeployment(d) ?? []) : undefined;
  }
}

/** The deployments client for a token, or undefined (and nothing is recorded) without one. */
export function githubDeployments(
  token: string | undefined,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): GitHubDeployments | undefined {
  if (!token) return undefined;
  const where = githubEnv(env);
  if (!where) {
    logger.warn(
      'GitHub deployments: GITHUB_REPOSITORY or GITHUB_SHA is not set, so no deployment is recorded',
    );
    return undefined;
  }
  return new GitHubDeployments(token, where, logger);
}

/**
 * deploy-asg's deployment: created (in_progress) right before the deploy's first change, then success,
 * or failure when the deploy fails or an alarm rolls it back. Dry runs never start one.
 */
export class DeployDeployment {
  private deployment: Deployment | undefined;

  constructor(private readonly github: GitHubDeployments | undefined) {}

  /** For the deploy's `beforeStep('lock', plan)`: the plan is validated, nothing is changed yet. */
  async start(plan: DeployPlan): Promise<void> {
    if (!this.github || this.deployment || plan.options.dryRun) return;
    const { cluster, amiId } = plan.options;
    this.deployment = await this.github.create({
      environment: cluster,
      payload: {
        cluster,
        ami: amiId,
        group: plan.newGroupName,
        ...(plan.previous ? { previousGroup: plan.previous.name } : {}),
      },
      description: `Red/black deploy of ${amiId} to ${plan.newGroupName}`,
    });
    if (this.deployment)
      await this.github.setStatus(
        this.deployment,
        'in_progress',
        `Deploying ${amiId} to ${plan.newGroupName}`,
      );
  }

  async finish(result: DeployResult): Promise<void> {
    if (!this.github || !this.deployment) return;
    if (result.rolledBack) {
      await this.github.setStatus(
        this.deployment,
        'failure',
        `Alarm ${result.rolledBack.alarm.name} went to ALARM: rolled back to ${result.rolledBack.restoredGroup}`,
      );
    } else {
      await this.github.setStatus(
        this.deployment,
        'success',
        `${result.newGroup} serves ${result.plan.options.amiId}${result.previousGroup ? `; ${result.previousGroup} disabled` : ''}`,
      );
    }
  }

  async fail(error: unknown): Promise<void> {
    if (!this.github || !this.deployment) return;
    await this.github.setStatus(this.deployment, 'failure', describeError(error));
  }
}

/**
 * rollback-asg's record: the latest deployment of the cluster naming the bad group becomes inactive, and
 * a deployment of the restored group (at the commit that first deployed it, when known) is a success.
 */
export async function recordRollback(
  github: GitHubDeployments | undefined,
  result: RollbackResult,
): Promise<void> {
  if (!github || result.dryRun) return;
  const cluster = result.plan.options.cluster;
  const ami = result.plan.target?.amiId ?? result.plan.redeployAmi ?? result.redeploy?.plan.options.amiId;
  const listed = await github.list(cluster);
  const deployments = listed ?? [];
  const bad = result.disabledGroup
    ? deployments.find((d) => d.payload.group === result.disabledGroup)
    : undefined;
  if (bad) {
    await github.setStatus(bad, 'inactive', `Rolled back to ${result.servingGroup}`);
  } else if (result.disabledGroup && listed) {
    github.logger.info(`GitHub deployments: none found for ${result.disabledGroup} to mark inactive`);
  }
  const earlier =
    deployments.find((d) => d.payload.group === result.servingGroup) ??
    (ami ? deployments.find((d) => d.payload.ami === ami) : undefined);
  const restored = await github.create({
    environment: cluster,
    ...(earlier?.sha ? { ref: earlier.sha } : {}),
    payload: {
      cluster,
      ami: ami ?? '',
      group: result.servingGroup,
      ...(result.disabledGroup ? { rollbackOf: result.disabledGroup } : {}),
    },
    description: `Rollback to ${result.servingGroup}${result.disabledGroup ? ` from ${result.disabledGroup}` : ''}`,
  });
  if (restored)
    await github.setStatus(
      restored,
      'success',
      `${result.servingGroup} serves again${result.disabledGroup ? `; ${result.disabledGroup} disabled` : ''}`,
    );
}
