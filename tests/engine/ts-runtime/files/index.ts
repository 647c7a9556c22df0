// The module's `@dagger.io/dagger`: the SDK's bundled core and this module's generated client.
export {
  argument,
  check,
  connect,
  connection,
  Context,
  entrypoint,
  enumType,
  field,
  func,
  generate,
  object,
} from "./core.js"
export type { CallbackFct, ConnectOpts } from "./core.js"
export * from "./client.gen.js"
