import { CreateLaunchTemplateCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import { fixtureClients, MOTO_POOL_ENV, startMoto, type Moto } from '../../src';

// Under jest each worker keeps one moto for all its test files (test/moto-pool.mjs): a file must still see
// a world of its own, and a file that needs two motos must get two.
const pooled = process.env[MOTO_POOL_ENV] !== undefined;

async function templates(moto: Moto): Promise<string[]> {
  const clients = fixtureClients(moto);
  try {
    const answer = await clients.ec2.send(new DescribeLaunchTemplatesCommand({}));
    return (answer.LaunchTemplates ?? []).map((t) => t.LaunchTemplateName ?? '');
  } finally {
    clients.destroy();
  }
}

async function leaveBehind(moto: Moto, name: string): Promise<void> {
  const clients = fixtureClients(moto);
  try {
    await clients.ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: name, LaunchTemplateData: {} }),
    );
  } finally {
    clients.destroy();
  }
}

test('each startMoto answers an empty world; one held elsewhere in the file is never shared', async () => {
  const first = await startMoto();
  await leaveBehind(first, 'left-behind');
  expect(await templates(first)).toEqual(['left-behind']);
  await first.stop();

  // What the next test file of this worker gets: the same server (when pooled), reset.
  const next = await startMoto();
  if (pooled) expect(next.port).toBe(first.port);
  expect(await templates(next)).toEqual([]);

  // Held: a second moto in the same file is a process of its own, and stop() really ends it.
  const second = await startMoto();
  try {
    expect(second.port).not.toBe(next.port);
    await leaveBehind(second, 'only-in-second');
    expect(await templates(next)).toEqual([]);
  } finally {
    await second.stop();
  }
  await expect(fetch(`${second.endpoint}/moto-api/data.json`)).rejects.toThrow();
  await next.stop();
});
