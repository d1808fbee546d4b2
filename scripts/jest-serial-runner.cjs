// Jest's default runner, flagged serial: jest runs each runner's files as one group, one group
// after another, and a serial group one file at a time in band. The `timed` project uses it, so
// the tests whose assertions rest on measured times run alone, after the parallel groups.
const TestRunner = require('jest-runner').default;

class SerialRunner extends TestRunner {
  isSerial = true;
}

module.exports = SerialRunner;
