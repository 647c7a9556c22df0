/**
 * Rerun tokens: a check whose inputs are unchanged stays cached; a new token in the environment of
 * its own step makes that step (and nothing below it) run again.
 */
import type { Container } from "@dagger.io/dagger";

/** Put a rerun token into the environment of the step that follows, so it runs again. */
export function withRerun(container: Container, rerun: string): Container {
  return rerun ? container.withEnvVariable("BAKERY_RERUN", rerun) : container;
}
