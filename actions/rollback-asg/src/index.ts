import { actionEntry } from '@immutable-actions/action-kit';
import { run } from './main';

// Exported for @github/local-action, which requires this bundle and calls run() (README: "Debugging an
// action with @github/local-action").
export { run };

actionEntry(__filename, run);
