import type { KeyingConfig, ResolverConfig } from "@urql/exchange-graphcache";

/** Types without an id: embedded in the entity that holds them. */
export declare const keys: KeyingConfig;
/** Connection fields paged with relayPagination. */
export declare const resolvers: ResolverConfig;
