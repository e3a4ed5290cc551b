/* eslint-disable @typescript-eslint/no-explicit-any -- search attributes are protobufjs messages */
/**
 * Namespaces and their custom search attributes, read from Postgres at start
 * and again after the operator service changes them: every RPC checks its
 * namespace, so this is a map lookup, not a query.
 */
import { invalidArgument, namespaceNotFound } from '../errors';
import { SYSTEM_SEARCH_ATTRIBUTE_TYPES } from './search-attributes';
import type { EngineStore, NamespaceRow } from './store';

/** Temporal's system attributes a workflow may set itself. */
const BUILTIN_SETTABLE = new Set(['TemporalChangeVersion', 'BinaryChecksums', 'BuildIds', 'TemporalScheduledById', 'TemporalScheduledStartTime']);

export class NamespaceRegistry {
  private readonly namespaces = new Map<string, NamespaceRow>();
  private searchAttributeTypes = new Map<string, Map<string, string>>();

  constructor(private readonly store: EngineStore) {}

  async reload(): Promise<void> {
    for (const ns of await this.store.listNamespaces()) this.namespaces.set(ns.name, ns);
    const types = new Map<string, Map<string, string>>();
    for (const sa of await this.store.searchAttributes()) {
      if (!types.has(sa.namespace)) types.set(sa.namespace, new Map());
      types.get(sa.namespace)!.set(sa.name, sa.type);
    }
    this.searchAttributeTypes = types;
  }

  /** The namespace, or NOT_FOUND (an empty name is `default`, as the SDK sends it). */
  get(name: string): NamespaceRow {
    const ns = this.namespaces.get(name || 'default');
    if (!ns) throw namespaceNotFound(name);
    return ns;
  }

  list(): NamespaceRow[] {
    return [...this.namespaces.values()];
  }

  customSearchAttributes(namespace: string): Map<string, string> {
    return this.searchAttributeTypes.get(namespace) ?? new Map();
  }

  /** Custom and system attributes by name → type name, for the `type` metadata of outgoing payloads. */
  typeMap(namespace: string): ReadonlyMap<string, string> {
    return new Map([...SYSTEM_SEARCH_ATTRIBUTE_TYPES, ...this.customSearchAttributes(namespace)]);
  }

  /** Refuses a start or upsert that names a search attribute nobody registered. */
  validateSearchAttributes(namespace: string, sa: any): void {
    if (!sa?.indexedFields) return;
    const known = this.customSearchAttributes(namespace);
    for (const name of Object.keys(sa.indexedFields)) {
      if (!known.has(name) && !BUILTIN_SETTABLE.has(name)) {
        throw invalidArgument(`search attribute ${name} is not defined`);
      }
    }
  }
}
