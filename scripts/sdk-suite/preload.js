// Loaded by ava (its `require` option) in every test worker of the SDK suite, before the test file. Its settings
// come from sdk-suite.json beside this file (written by the runner).
//
// 1. One protobufjs. npm installed @temporalio/proto, /common and /worker 1.24.0 each with its own nested copy of
//    protobufjs 8 (the project's top level holds protobufjs 7 for @grpc/proto-loader), where the SDK's pnpm
//    monorepo has one. Code that meets another copy's types fails with "type must be a Type" (e.g. common's
//    historyFromJSON, loading histories with protobufjs/ext/protojson, on @temporalio/proto's types). Every
//    require of protobufjs in this process goes to @temporalio/proto's copy.
// 2. TestWorkflowEnvironment.createTimeSkipping() connects to the runner's time-skipping engine instead of
//    downloading Temporal's Java test server.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const { timeSkippingAddress, protobufjs } = JSON.parse(fs.readFileSync(path.join(__dirname, 'sdk-suite.json'), 'utf8'));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveOneProtobufjs(request, ...rest) {
  if (request === 'protobufjs' || request.startsWith('protobufjs/')) {
    return resolveFilename.call(this, protobufjs + request.slice('protobufjs'.length), ...rest);
  }
  return resolveFilename.call(this, request, ...rest);
};

const { TestWorkflowEnvironment } = require('@temporalio/testing');

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
