/** Small conversions between protobufjs messages and the engine's plain numbers. */
import type * as protobuf from 'protobufjs';
import { loadTemporalProtos, lookupType } from './protos';

export interface Timestamp { seconds: number; nanos: number }

type LongLike = number | string | { toNumber(): number } | null | undefined;

export function toNumber(v: LongLike): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  return v.toNumber();
}

/** A google.protobuf.Duration (or absent) as milliseconds; absent/zero = 0. */
export function durationMs(d: { seconds?: LongLike; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return toNumber(d.seconds) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

export function msToDuration(ms: number): Timestamp {
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

/** A timeout that may be unset: absent when 0, as Temporal leaves an unset workflow timeout out (not a zero duration). */
export function optionalDuration(ms: number): Timestamp | undefined {
  return ms > 0 ? msToDuration(ms) : undefined;
}

export function msToTimestamp(ms: number): Timestamp {
  return { seconds: Math.floor(ms / 1000), nanos: Math.round(ms % 1000) * 1e6 };
}

export function timestampMs(t: { seconds?: LongLike; nanos?: number | null } | null | undefined): number {
  if (!t) return 0;
  return toNumber(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}

const typeCache = new Map<string, protobuf.Type>();
export function type(name: string): protobuf.Type {
  let t = typeCache.get(name);
  if (!t) {
    t = lookupType(name);
    typeCache.set(name, t);
  }
  return t;
}

/** Encodes a plain object (or message) of the named type to bytes. */
export function encode(typeName: string, value: object): Buffer {
  const t = type(typeName);
  return Buffer.from(t.encode(t.fromObject(value)).finish());
}

export function decode<T = Record<string, unknown>>(typeName: string, bytes: Uint8Array): T {
  return type(typeName).decode(bytes) as unknown as T;
}

/**
 * A response whose `history` (a temporal.api.history.v1.History, i.e. `repeated HistoryEvent events = 1`)
 * is given as the stored bytes of its events: the server appends them to the encoded rest of the response
 * instead of decoding every event only to encode it again (see withRawHistory and server.ts).
 */
export const RAW_HISTORY = Symbol('rawHistory');

export function withRawHistory<T extends object>(response: T, events: Buffer[]): T {
  return Object.assign(response, { [RAW_HISTORY]: events });
}

/** A response's wire bytes: its fields, then the raw history it carries (withRawHistory), if its type has one. */
export function encodeWithRawHistory(t: protobuf.Type, value: object): Buffer {
  const head = Buffer.from(t.encode(t.fromObject(value)).finish());
  const raw = (value as { [RAW_HISTORY]?: Buffer[] })[RAW_HISTORY];
  const historyField = t.fields.history;
  if (!raw || !historyField) return head;
  return Buffer.concat([head, encodeHistoryField(historyField.id, raw)]);
}

/**
 * A response built with withRawHistory as a decoded message of its type, to be nested inside another
 * response (the eager workflow task of a start): the raw-history shortcut only applies at the top level.
 */
export function messageWithRawHistory(typeName: string, value: object): object {
  const t = type(typeName);
  return t.decode(encodeWithRawHistory(t, value));
}

function varint(n: number, out: number[]): void {
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
}

/**
 * Field `fieldId` (a History) holding these encoded events, as protobuf wire bytes. Appended to the encoding
 * of a message that does not set that field, it makes the same message as setting it.
 */
export function encodeHistoryField(fieldId: number, events: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const e of events) {
    const head: number[] = [0x0a]; // field 1, length-delimited
    varint(e.length, head);
    const h = Buffer.from(head);
    parts.push(h, e);
    size += h.length + e.length;
  }
  const outer: number[] = [];
  varint((fieldId << 3) | 2, outer);
  varint(size, outer);
  return Buffer.concat([Buffer.from(outer), ...parts], outer.length + size);
}

/** Encodes a message for storage inside a JSON document. */
export function encodeB64(typeName: string, value: object | null | undefined): string | undefined {
  if (!value) return undefined;
  return encode(typeName, value).toString('base64');
}

export function decodeB64<T = Record<string, unknown>>(typeName: string, b64: string | undefined): T | undefined {
  if (!b64) return undefined;
  return decode<T>(typeName, Buffer.from(b64, 'base64'));
}

/**
 * A google.protobuf.Any wrapping a Temporal message. protobufjs defines Any
 * from its built-in descriptors, whose field is `type_url` (not camel-cased).
 */
export function packAny(typeName: string, value: object): { type_url: string; value: Buffer } {
  return { type_url: `type.googleapis.com/${typeName}`, value: encode(typeName, value) };
}

export function unpackAny<T = Record<string, unknown>>(any: { type_url?: string; typeUrl?: string; value?: Uint8Array } | null | undefined): { typeName: string; message: T } | undefined {
  const url = any?.type_url || any?.typeUrl;
  if (!url || !any?.value) return undefined;
  const typeName = url.slice(url.lastIndexOf('/') + 1);
  return { typeName, message: decode<T>(typeName, any.value) };
}

/** Name of an enum value given as number or name (protobufjs decodes to numbers). */
export function enumName(enumType: string, value: number | string | null | undefined): string {
  if (typeof value === 'string') return value;
  const e = lookupEnum(enumType);
  return e.valuesById[value ?? 0] ?? String(value);
}

function lookupEnum(name: string): protobuf.Enum {
  return loadTemporalProtos().lookupEnum(name);
}
