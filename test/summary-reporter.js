// Prints the plain closing line CI reads ("N passed, N failed"), which Jest's own summary does not.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites;
    process.stdout.write(
      `\njest: ${results.numPassedTests} passed, ${results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0)} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
    );
    if (failedSuites > 0 && results.numFailedTests === 0) {
      process.stdout.write(`(${failedSuites} test file(s) failed to run)\n`);
    }
  }
}
module.exports = SummaryReporter;
