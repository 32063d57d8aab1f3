// Loaded with `node --import ./register.mjs`: lets the shipped cache
// configuration (clients/*.js, outside this package) import the client
// libraries installed here, as it would from an app's own node_modules.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
