import { main } from '../src';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `immutable <argv>` in this process from `cwd`, capturing what it prints, as a person's shell would see it. */
export async function cliIn(cwd: string | undefined, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...process.env, USER: 'tester' },
    ...(cwd ? { cwd } : {}),
  });
  return { code, stdout, stderr };
}

export const cli = (...argv: string[]): Promise<CliRun> => cliIn(undefined, ...argv);
