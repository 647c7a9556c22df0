// `@dagger.io/dagger/telemetry`, from the bundled core.
export { getTracer } from "./core.js"
