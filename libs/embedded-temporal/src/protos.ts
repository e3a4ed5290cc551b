/**
 * Temporal's service and message definitions, loaded by reflection from the
 * `.proto` files that ship inside `@temporalio/core-bridge` — the same files
 * the SDK's Rust core was built from, so the wire format matches exactly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';

function protoRoot(): string {
  const bridge = path.dirname(require.resolve('@temporalio/core-bridge/package.json'));
  return path.join(bridge, 'sdk-core', 'crates', 'protos', 'protos');
}

const ENTRY_FILES = [
  'temporal/api/workflowservice/v1/service.proto',
  'temporal/api/operatorservice/v1/service.proto',
  'temporal/api/testservice/v1/service.proto',
  'grpc/health/v1/health.proto',
  'google/rpc/status.proto',
  'temporal/api/errordetails/v1/message.proto',
];

let cached: protobuf.Root | undefined;

/** The protobufjs root with every type and service the engine serves. */
export function loadTemporalProtos(): protobuf.Root {
  if (cached) return cached;
  const base = protoRoot();
  const includeDirs = [path.join(base, 'api_upstream'), path.join(base, 'testsrv_upstream'), base];
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of includeDirs) {
      const candidate = path.join(dir, target);
      try {
        fs.accessSync(candidate);
        return candidate;
      } catch {
        /* try the next include folder */
      }
    }
    return target;
  };
  root.loadSync(ENTRY_FILES.filter((f) => {
    try {
      fs.accessSync(root.resolvePath('', f) as string);
      return true;
    } catch {
      return false;
    }
  }), { keepCase: false });
  root.resolveAll();
  cached = root;
  return root;
}

export function lookupType(name: string): protobuf.Type {
  return loadTemporalProtos().lookupType(name);
}

export function lookupService(name: string): protobuf.Service {
  return loadTemporalProtos().lookupService(name);
}
