import {
  BAKE_OUTPUTS,
  DEPLOY_OUTPUTS,
  ROLLBACK_OUTPUTS,
  SETUP_PACKER_OUTPUTS,
} from '@immutable-actions/core';
import { loadActions } from './workflow-check';

// An output the action sets but action.yml does not declare is invisible to the workflow editor, to
// actionlint and to the README table: every constant must be declared, and nothing declared unset.
const SET_BY = {
  'setup-packer': SETUP_PACKER_OUTPUTS,
  'bake-ami': BAKE_OUTPUTS,
  'deploy-asg': DEPLOY_OUTPUTS,
  'rollback-asg': ROLLBACK_OUTPUTS,
} as const;

const actions = loadActions();

test.each(Object.entries(SET_BY))('%s declares exactly the outputs it sets', (name, outputs) => {
  expect([...(actions.get(name)?.outputs ?? [])].sort()).toEqual(Object.values(outputs).sort());
});

test('deploy-asg declares rolled-back', () => {
  expect(actions.get('deploy-asg')?.outputs.has('rolled-back')).toBe(true);
});
