// Loaded by ava (its `require` option) in every test worker of the SDK suite, before the test file: points the
// suite's TestWorkflowEnvironment.createTimeSkipping() at the runner's time-skipping engine instead of downloading
// Temporal's Java test server. The address comes from sdk-suite.json beside this file (written by the runner).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { TestWorkflowEnvironment } = require('@temporalio/testing');

const { timeSkippingAddress } = JSON.parse(fs.readFileSync(path.join(__dirname, 'sdk-suite.json'), 'utf8'));

TestWorkflowEnvironment.createTimeSkipping = async function createTimeSkipping(opts) {
  return await this.create({
    server: { type: 'existing' },
    address: timeSkippingAddress,
    client: opts && opts.client,
    plugins: opts && opts.plugins,
    namespace: 'default',
    supportsTimeSkipping: true,
  });
};
