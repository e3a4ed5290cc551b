/**
 * A strict structural check of protobuf wire bytes against a message type,
 * run before decoding a request. protobufjs decodes leniently (a known field
 * with the wrong wire type, or a string cut short, still yields a message),
 * so garbage could pass as a request with odd values. Here every tag must
 * have a wire type that exists and fits the declared field, every length must
 * stay inside its message, nested messages are checked recursively, and
 * strings must be valid UTF-8 (as proto3 requires). Unknown fields are
 * allowed, as protobuf requires, if they are well-formed.
 */
import * as protobuf from 'protobufjs';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const FIXED64_TYPES = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32_TYPES = new Set(['fixed32', 'sfixed32', 'float']);

const MAX_DEPTH = 100;

export class WireFormatError extends Error {}

/** Throws WireFormatError when `bytes` are not a well-formed encoding of `type`. */
export function checkWireFormat(type: protobuf.Type, bytes: Uint8Array): void {
  checkMessage(type, bytes, 0, bytes.length, 0);
}

function checkMessage(type: protobuf.Type | undefined, buf: Uint8Array, start: number, end: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new WireFormatError('message nesting too deep');
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = readVarint(buf, pos, end);
    pos = afterTag;
    const fieldNo = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (fieldNo === 0) throw new WireFormatError(`field number 0 at offset ${pos}`);
    const field = type?.fieldsById[fieldNo];
    switch (wireType) {
      case 0:
        expectWire(field, 0);
        pos = readVarint(buf, pos, end)[1];
        break;
      case 1:
        expectWire(field, 1);
        pos = skip(pos, 8, end);
        break;
      case 5:
        expectWire(field, 5);
        pos = skip(pos, 4, end);
        break;
      case 2: {
        const [len, afterLen] = readVarint(buf, pos, end);
        const valueEnd = skip(afterLen, len, end);
        if (field) checkLengthDelimited(field, buf, afterLen, valueEnd, depth);
        pos = valueEnd;
        break;
      }
      default:
        throw new WireFormatError(`invalid wire type ${wireType} at offset ${pos}`);
    }
  }
}

function checkLengthDelimited(field: protobuf.Field, buf: Uint8Array, start: number, end: number, depth: number): void {
  if (field instanceof protobuf.MapField) {
    checkMapEntry(field, buf, start, end, depth);
    return;
  }
  field.resolve();
  if (field.resolvedType instanceof protobuf.Type) {
    checkMessage(field.resolvedType, buf, start, end, depth + 1);
    return;
  }
  if (field.type === 'string') {
    checkUtf8(buf, start, end);
    return;
  }
  if (field.type === 'bytes') return;
  // A packed repeated scalar: a run of varints or fixed-width values.
  if (!field.repeated) throw new WireFormatError(`field ${field.name} is not length-delimited`);
  const wire = scalarWire(field);
  if (wire === 0) {
    let pos = start;
    while (pos < end) pos = readVarint(buf, pos, end)[1];
  } else if ((end - start) % (wire === 1 ? 8 : 4) !== 0) {
    throw new WireFormatError(`packed field ${field.name} has a partial value`);
  }
}

function checkMapEntry(field: protobuf.MapField, buf: Uint8Array, start: number, end: number, depth: number): void {
  field.resolve();
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = readVarint(buf, pos, end);
    pos = afterTag;
    const fieldNo = Math.floor(tag / 8);
    const wireType = tag % 8;
    const typeName = fieldNo === 1 ? field.keyType : fieldNo === 2 ? field.type : undefined;
    if (wireType === 2) {
      const [len, afterLen] = readVarint(buf, pos, end);
      const valueEnd = skip(afterLen, len, end);
      if (fieldNo === 2 && field.resolvedType instanceof protobuf.Type) checkMessage(field.resolvedType, buf, afterLen, valueEnd, depth + 1);
      else if (typeName === 'string') checkUtf8(buf, afterLen, valueEnd);
      else if (typeName !== undefined && typeName !== 'bytes') throw new WireFormatError(`map ${field.name}: wrong wire type`);
      pos = valueEnd;
    } else if (wireType === 0) pos = readVarint(buf, pos, end)[1];
    else if (wireType === 1) pos = skip(pos, 8, end);
    else if (wireType === 5) pos = skip(pos, 4, end);
    else throw new WireFormatError(`invalid wire type ${wireType} in map ${field.name}`);
  }
}

function expectWire(field: protobuf.Field | undefined, wire: number): void {
  if (!field) return;
  if (field instanceof protobuf.MapField) throw new WireFormatError(`map field ${field.name} must be length-delimited`);
  field.resolve();
  if (scalarWire(field) !== wire) throw new WireFormatError(`field ${field.name} has wire type ${wire}`);
}

/** The wire type a non-packed value of the field uses. */
function scalarWire(field: protobuf.Field): number {
  if (field.resolvedType instanceof protobuf.Enum) return 0;
  if (field.resolvedType instanceof protobuf.Type) return 2;
  if (VARINT_TYPES.has(field.type)) return 0;
  if (FIXED64_TYPES.has(field.type)) return 1;
  if (FIXED32_TYPES.has(field.type)) return 5;
  return 2;
}

function readVarint(buf: Uint8Array, pos: number, end: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new WireFormatError('truncated varint');
    const b = buf[pos++];
    value += (b & 0x7f) * scale;
    scale *= 128;
    if (b < 0x80) return [value, pos];
  }
  throw new WireFormatError('varint longer than 10 bytes');
}

function skip(pos: number, len: number, end: number): number {
  if (len > end - pos) throw new WireFormatError(`length ${len} runs past the end of its message`);
  return pos + len;
}

function checkUtf8(buf: Uint8Array, start: number, end: number): void {
  try {
    utf8.decode(buf.subarray(start, end));
  } catch {
    throw new WireFormatError('string field is not valid UTF-8');
  }
}
