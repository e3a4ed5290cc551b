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
