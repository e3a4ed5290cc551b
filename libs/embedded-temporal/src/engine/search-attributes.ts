/* eslint-disable @typescript-eslint/no-explicit-any -- payloads are protobufjs messages */
/**
 * Search attributes travel as JSON payloads with a `type` metadata entry
 * (Keyword, Text, Int, Double, Bool, Datetime, KeywordList). The engine keeps
 * the decoded values for the visibility query and the payloads as given.
 */
export const SEARCH_ATTRIBUTE_TYPES = ['Keyword', 'Text', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;

/** INDEXED_VALUE_TYPE_* enum number → name, as OperatorService uses them. */
export const INDEXED_VALUE_TYPES: Record<number, string> = {
  1: 'Text',
  2: 'Keyword',
  3: 'Int',
  4: 'Double',
  5: 'Bool',
  6: 'Datetime',
  7: 'KeywordList',
};

/**
 * Decoded values by name. With the registered `types`, values are normalised
 * as Temporal stores them: a one-element list for a scalar type is the
 * scalar (the legacy untyped API sends lists), a scalar for KeywordList is a
 * one-element list.
 */
export function decodeSearchAttributes(sa: any, types?: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries<any>(sa?.indexedFields ?? {})) {
    let value = decodePayload(payload);
    const type = types?.get(name);
    if (type === 'KeywordList') {
      if (value !== null && !Array.isArray(value)) value = [value];
    } else if (type && Array.isArray(value)) {
      value = value.length === 0 ? null : value.length === 1 ? value[0] : value;
    }
    out[name] = value;
  }
  return out;
}

function decodePayload(payload: any): unknown {
  const data: Uint8Array | undefined = payload?.data;
  if (!data || data.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return null;
  }
}

/** Types of Temporal's system attributes a run may carry in its indexed fields (Temporal's system type map). */
export const SYSTEM_SEARCH_ATTRIBUTE_TYPES: ReadonlyMap<string, string> = new Map([
  ['BinaryChecksums', 'KeywordList'],
  ['BuildIds', 'KeywordList'],
  ['TemporalChangeVersion', 'KeywordList'],
  ['TemporalScheduledById', 'Keyword'],
  ['TemporalScheduledStartTime', 'Datetime'],
]);

/**
 * The search attributes with every payload carrying its `type` metadata from the namespace's type map, as
 * Temporal sends them (its ApplyTypeMap): a client reading a Datetime then gets a Date, not a string. A payload
 * that already names its type keeps it; an unknown name is left as it is. Returns a copy; the input is untouched.
 */
export function withTypeMetadata<T>(sa: T, types: ReadonlyMap<string, string>): T {
  const fields = (sa as any)?.indexedFields;
  if (!fields) return sa;
  const indexedFields: Record<string, any> = {};
  for (const [name, payload] of Object.entries<any>(fields)) {
    const type = types.get(name);
    const metadata = payload?.metadata ?? {};
    indexedFields[name] = type && !metadata.type && payload
      ? { ...payload, metadata: { ...metadata, type: Buffer.from(type) } }
      : payload;
  }
  return { ...(sa as any), indexedFields };
}
