// Loaded by ava (its `require` option) in every test worker of the SDK suite, before the test file. Its settings
// come from sdk-suite.json beside this file (written by the runner).
//
// 1. One protobufjs. npm installed @temporalio/proto, /common and /worker 1.24.0 each with its own nested copy of
//    protobufjs 8 (the project's top level holds protobufjs 7 for @grpc/proto-loader), where the SDK's pnpm
//    monorepo has one. Code that meets another copy's types fails with "type must be a Type" (e.g. common's
//    historyFromJSON, loading histories with protobufjs/ext/protojson, on @temporalio/proto's types). Every
//    require of protobufjs in this process goes to @temporalio/proto's copy, and so does every import of it in
//    a workflow bundle.
// 2. TestWorkflowEnvironment.createTimeSkipping() connects to the runner's time-skipping engine instead of
//    downloading Temporal's Java test server.
// 3. TestWorkflowEnvironment.createLocal() (test-helpers' createTestWorkflowEnvironment ends there) connects to
//    one of the runner's engines instead of downloading the dev server, in turn (GONGKAI_SDK_SUITE_SERVERS), so
//    two environments made at once get two servers, as two dev servers would be; the client's options (data
//    converter, interceptors) and plugins are kept.
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

// The same in workflow bundles: webpack resolves protobufjs per package too (the suite's compiled protos and
// @temporalio/common's protobuf payload converter would each get their own copy in the sandbox).
const { WorkflowCodeBundler } = require('@temporalio/worker/lib/workflow/bundler');
const bundle = WorkflowCodeBundler.prototype.bundle;
WorkflowCodeBundler.prototype.bundle = function bundleWithOneProtobufjs(...args) {
  const hook = this.webpackConfigHook;
  this.webpackConfigHook = (config) => {
    const hooked = hook(config);
    hooked.resolve = { ...hooked.resolve, alias: { ...(hooked.resolve && hooked.resolve.alias), protobufjs } };
    return hooked;
  };
  return bundle.apply(this, args);
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

const servers = (process.env.GONGKAI_SDK_SUITE_SERVERS || '').split(',').filter(Boolean);
let nextServer = 0;
if (servers.length > 0) {
  TestWorkflowEnvironment.createLocal = async function createLocal(opts) {
    const address = servers[nextServer++ % servers.length];
    const namespace = (opts && opts.server && opts.server.namespace) || 'default';
    await prepareNamespace(address, namespace, (opts && opts.server && opts.server.searchAttributes) || []);
    return await this.create({
      server: { type: 'existing' },
      address,
      client: opts && opts.client,
      plugins: opts && opts.plugins,
      namespace,
      supportsTimeSkipping: false,
    });
  };
}

/** What the dev server does with `--namespace` and `--search-attribute`: the namespace exists, with those attributes. */
async function prepareNamespace(address, namespace, searchAttributes) {
  if (namespace === 'default' && searchAttributes.length === 0) return;
  const { Connection } = require('@temporalio/client');
  const { TypedSearchAttributes } = require('@temporalio/common');
  const { temporal } = require('@temporalio/proto');
  const alreadyExists = (err) => err && err.code === 6;
  const connection = await Connection.connect({ address });
  try {
    if (namespace !== 'default') {
      await connection.workflowService
        .registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: 86400 } })
        .catch((err) => { if (!alreadyExists(err)) throw err; });
    }
    const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
    const fields = {};
    for (const { name, type } of searchAttributes) {
      fields[name] = IndexedValueType[`INDEXED_VALUE_TYPE_${TypedSearchAttributes.toMetadataType(type).replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`];
    }
    if (Object.keys(fields).length > 0) {
      await connection.operatorService
        .addSearchAttributes({ namespace, searchAttributes: fields })
        .catch((err) => { if (!alreadyExists(err)) throw err; });
    }
  } finally {
    await connection.close();
  }
}
