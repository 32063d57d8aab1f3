import type { PossibleTypesMap, TypePolicies } from "@apollo/client/cache";

/** The object types behind each interface and union. */
export declare const possibleTypes: PossibleTypesMap;
/** How InMemoryCache identifies, merges and pages agentmock's types. */
export declare const typePolicies: TypePolicies;
