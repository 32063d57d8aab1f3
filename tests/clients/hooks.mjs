// Module resolution hook (see register.mjs): a bare import from the
// repository's clients/ directory resolves from this package.
const shipped = new URL("../../clients/", import.meta.url).href;
const here = new URL("./package.json", import.meta.url).href;

export async function resolve(specifier, context, next) {
  const bare = !/^(\.|\/|[a-z]+:)/.test(specifier);
  if (bare && context.parentURL?.startsWith(shipped)) {
    return next(specifier, { ...context, parentURL: here });
  }
  return next(specifier, context);
}
