import * as fc from 'fast-check';
import { lookupType } from './protos';
import { checkWireFormat, WireFormatError } from './wire-check';

const START = 'temporal.api.workflowservice.v1.StartWorkflowExecutionRequest';
const COMPLETE = 'temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest';

function encode(typeName: string, value: object): Uint8Array {
  const t = lookupType(typeName);
  return t.encode(t.fromObject(value)).finish();
}

describe('checkWireFormat', () => {
  it('accepts well-formed requests, including maps, enums, packed and nested fields', () => {
    const start = encode(START, {
      namespace: 'default',
      workflowId: '申请-1',
      workflowType: { name: 'greet' },
      taskQueue: { name: 'q', kind: 1 },
      input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') }] },
      workflowExecutionTimeout: { seconds: 10, nanos: 5 },
      memo: { fields: { a: { data: Buffer.from('1') } } },
      retryPolicy: { backoffCoefficient: 2.5, maximumAttempts: 3, nonRetryableErrorTypes: ['A', 'B'] },
    });
    expect(() => checkWireFormat(lookupType(START), start)).not.toThrow();
    const complete = encode(COMPLETE, {
      taskToken: Buffer.from([1, 2, 3]),
      commands: [{ commandType: 1, scheduleActivityTaskCommandAttributes: { activityId: '1', activityType: { name: 'a' } } }],
      sdkMetadata: { langUsedFlags: [1, 2, 3] },
    });
    expect(() => checkWireFormat(lookupType(COMPLETE), complete)).not.toThrow();
  });

  it('accepts unknown fields that are well-formed', () => {
    const bytes = Buffer.concat([Buffer.from(encode(START, { namespace: 'default' })), Buffer.from([0xf8, 0x3e, 0x01])]);
    expect(() => checkWireFormat(lookupType(START), bytes)).not.toThrow();
  });

  it.each([
    ['wire type 7', [0x0f, 0x01]],
    ['a string cut short', [0x0a, 0x10, 0x41]],
    ['a known string field sent as a varint', [0x08, 0x01]],
    ['an endless varint', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
    ['field number 0', [0x00, 0x01]],
    ['invalid UTF-8 in a string', [0x0a, 0x02, 0xc3, 0x28]],
    ['a group start (wire type 3)', [0x0b]],
  ])('refuses %s', (_name, bytes) => {
    expect(() => checkWireFormat(lookupType(START), Buffer.from(bytes))).toThrow(WireFormatError);
  });

  it('never throws anything but WireFormatError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          checkWireFormat(lookupType(COMPLETE), bytes);
        } catch (err) {
          if (!(err instanceof WireFormatError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
