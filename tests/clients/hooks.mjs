// Module resolution hook (see register.mjs): a bare import from the
// repository's clients/ directory, or from the npm package's sources
// (its wasm/ integrations import msw, Apollo, React), resolves from this
// package, as it would from an app's node_modules.
const shipped = [new URL("../../clients/", import.meta.url).href, new URL("../../npm/agentmock/", import.meta.url).href];
const here = new URL("./package.json", import.meta.url).href;

export async function resolve(specifier, context, next) {
  const bare = !/^(\.|\/|[a-z]+:)/.test(specifier);
  if (bare && shipped.some((folder) => context.parentURL?.startsWith(folder))) {
    return next(specifier, { ...context, parentURL: here });
  }
  return next(specifier, context);
}
