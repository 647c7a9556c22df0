/**
 * An example of a module that depends on bakery and builds on its functions: it takes bakery's
 * release service image and adds a step, runs the image's binary, runs bakery's clippy on a
 * workspace handed to it, and runs bakery's lints over a small matrix. Every call goes through
 * the bindings the Dagger engine generates for bakery (`dag.bakery(...)`).
 */
import { argument, check, dag, func, object, type Container, type Directory } from "@dagger.io/dagger";

/** The label the image function adds, on top of bakery's own OCI labels. */
const BUILT_BY_LABEL = "org.example.consumer.built-by";

/** A module built on bakery: its service image with one more step, a smoke run, and a lint matrix. */
@object()
export class Consumer {
  /**
   * bakery's service image of the release cell (release profile, stable toolchain), with one
   * step added: a label naming this module as the builder.
   */
  @func()
  image(): Container {
    return dag
      .bakery({ cargoProfile: "release", rustToolchain: "stable" })
      .installs()
      .docker()
      .withLabel(BUILT_BY_LABEL, "consumer");
  }

  /** Runs the image's binary (its entrypoint) with the version flag and returns what it prints. */
  @func()
  async smoke(): Promise<string> {
    const out = await this.image().withExec(["-V"], { useEntrypoint: true }).stdout();
    return out.trim();
  }

  /**
   * bakery's clippy of a Rust workspace of yours, on the stable toolchain with the workspace's
   * default features: how a module hands bakery its own source.
   * @param source The workspace (default: this module's repository; a dependency's default paths
   * would be bakery's own).
   * @param rustupMirror Where rustup downloads the toolchain: "" for static.rust-lang.org, or a mirror.
   */
  @func()
  clippy(@argument({ defaultPath: "/" }) source: Directory, rustupMirror: string = ""): Container {
    return dag.bakery({ source, rustToolchain: "stable", featSet: "default", rustupMirror }).clippy();
  }

  /**
   * bakery's lints (fmt, typos, audit, lychee, check, clippy) over the test profile with the
   * nightly and stable toolchains, in one engine session. Fails when a cell fails, with bakery's
   * per-cell report as the error.
   */
  @func()
  @check()
  async lints(): Promise<void> {
    await dag
      .bakery()
      .matrix({ cargoProfiles: ["test"], featSets: ["all"], rustToolchains: ["nightly", "stable"] })
      .run({ target: "lints" });
  }
}
