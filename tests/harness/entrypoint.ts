/**
 * Our entrypoint shim, standing in for the one the engine's TypeScript runtime generates: list
 * the module's files and the SDK declarations (as sdk/client.gen.ts), and hand them to the
 * SDK's `entrypoint`, which reads the function call from the session, runs it, and returns the
 * result. Run with tsx and DAGGER_SESSION_PORT/TOKEN pointing at an engine double.
 */
import { entrypoint } from "@dagger.io/dagger";
import { moduleFiles } from "./sdk.js";
import { stagedClientGen } from "./sdk.js";

await entrypoint([...moduleFiles(), stagedClientGen()]);
