/** The process around main(): real streams and environment, SIGINT/SIGTERM → abort, exit code. */
import { main } from './index';

// The AWS SDK's notice about Node versions it will drop some day is for developers, not for our output; a
// value the user set wins. The SDK loads lazily, after this line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
const abort = (signal: NodeJS.Signals) => () => controller.abort(new Error(`received ${signal}`));
process.once('SIGINT', abort('SIGINT'));
process.once('SIGTERM', abort('SIGTERM'));

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `immutable: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
