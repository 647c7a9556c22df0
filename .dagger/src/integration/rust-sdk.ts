/**
 * matrix-rust-sdk's integration tests against a bakery-built homeserver. The homeserver is the
 * cell's install image run as a Dagger service (no host network, no privileges); the tests
 * reach it by its service hostname, and the engine starts them once its port answers, so no
 * fixed startup delay is needed. The SDK's test binaries are built in a layer of their own,
 * once per toolchain, and run with tuwunel's skip list, one test thread and a time limit.
 */
import type { Container, Service } from "@dagger.io/dagger";
import { withRerun } from "../layers/rerun.js";
import { installedPath } from "../layers/install.js";
import { PATHS } from "../defaults.js";
import { gitTree, type MirrorAuth } from "../config/mirrors.js";
import { cargoCaches, withCargoCaches, withCargoMirrors, type CargoCaches, type CargoMirrors } from "../layers/cargo.js";
import type { Graph, Node } from "../graph.js";
import { CRATES_IO_INDEX, gitSource, type SourceRow } from "../sources.js";
import { DEFAULT_RUST_SDK_COMMIT, DEFAULT_RUST_SDK_URL } from "./defaults.js";
import { VALGRIND_FLAGS } from "../leaves/tests.js";

/** Project settings of the integration tests (tuwunel defaults in defaults.ts). */
export interface RustSdkSettings {
  readonly url: string;
  readonly commit: string;
  /** The cargo package of the integration tests. */
  readonly package: string;
  /** Test names to skip. */
  readonly skip: readonly string[];
  /** Arguments that make the binary serve plain HTTP on `port` on every address, with open registration. */
  readonly homeserverArgs: readonly string[];
  /** Extra homeserver arguments under valgrind. */
  readonly valgrindArgs: readonly string[];
  readonly port: number;
  /** The tests' time limit, as timeout(1) takes it. */
  readonly timeout: string;
}

/** The service's hostname in the test container. */
export const HOMESERVER_HOST = "homeserver";
/** Where the SDK is checked out and built. */
export const RUST_SDK_DIR = "/usr/src/matrix-rust-sdk";
/** Where the homeserver keeps its database (a temporary mount). */
export const HOMESERVER_DATA = "/var/lib/homeserver";

function cargoTest(s: RustSdkSettings): string[] {
  return ["cargo", "test", "--locked", "--release", "--features=default", `--package=${s.package}`];
}

/** What the SDK's test build is made from. */
export interface RustSdkBuildInputs {
  /** The cell's toolchain image. */
  readonly rust: Container;
  readonly settings: RustSdkSettings;
  readonly caches: CargoCaches;
  /** Where the SDK's checkout and its dependencies are fetched through. */
  readonly mirrors: CargoMirrors;
  /** The mirrors' credentials, when they ask for them. */
  readonly auth: MirrorAuth;
}

/** The SDK at its pinned commit (fetched through the git rewrites) with its integration tests compiled (target dir in the layer). */
export function rustSdkBuild(i: RustSdkBuildInputs): Container {
  const source = gitTree(i.settings.url, i.settings.commit, i.mirrors.git, i.auth.git);
  return withCargoMirrors(withCargoCaches(i.rust, PATHS.cargoHome, i.caches), PATHS.cargoHome, i.mirrors, i.auth)
    .withDirectory(RUST_SDK_DIR, source)
    .withWorkdir(RUST_SDK_DIR)
    .withEnvVariable("CARGO_TARGET_DIR", `${RUST_SDK_DIR}/target`)
    .withExec([...cargoTest(i.settings), "--no-run"]);
}

/** What the homeserver service is made from. */
export interface HomeserverInputs {
  /** The install image (the valgrind variant for valgrind). */
  readonly install: Container;
  readonly binary: string;
  readonly settings: RustSdkSettings;
  readonly valgrind: boolean;
}

/** The homeserver command. */
export function homeserverCommand(binary: string, s: RustSdkSettings, valgrind: boolean): string[] {
  const server = [installedPath(binary), ...s.homeserverArgs];
  return valgrind ? ["valgrind", ...VALGRIND_FLAGS, ...server, ...s.valgrindArgs] : server;
}

export function homeserverService(i: HomeserverInputs): Service {
  return i.install
    .withMountedTemp(HOMESERVER_DATA)
    .withExposedPort(i.settings.port)
    .asService({ args: homeserverCommand(i.binary, i.settings, i.valgrind) });
}

/** The test command: all tests but the skipped, one thread, within the time limit. */
export function rustSdkTestCommand(s: RustSdkSettings, valgrind: boolean): string[] {
  return [
    "timeout",
    "--signal=TERM",
    "--kill-after=30s",
    s.timeout,
    ...cargoTest(s),
    // under valgrind the run stops at the first failure
    ...(valgrind ? [] : ["--no-fail-fast"]),
    "--",
    "--test-threads=1",
    ...s.skip.flatMap((t) => ["--skip", t]),
  ];
}

/** What the integration leaf is made from. */
export interface RustSdkInputs {
  /** rustSdkBuild's layer. */
  readonly built: Container;
  readonly homeserver: Service;
  readonly settings: RustSdkSettings;
  readonly valgrind: boolean;
  readonly rerun: string;
}

export function rustSdkLeaf(i: RustSdkInputs): Container {
  const c = i.built
    .withServiceBinding(HOMESERVER_HOST, i.homeserver)
    .withEnvVariable("HOMESERVER_URL", `http://${HOMESERVER_HOST}:${i.settings.port}`)
    .withEnvVariable("RUST_BACKTRACE", "full");
  return withRerun(c, i.rerun).withExec(rustSdkTestCommand(i.settings, i.valgrind));
}

/** The integration leaf on the graph: the SDK built on the cell's toolchain, against the install image as a service. */
export function rustSdkOn(g: Graph, valgrind: boolean, settings: RustSdkSettings, rerun: string): Node<Container> {
  return g.leaf(valgrind ? "integration:rust-sdk-valgrind" : "integration:rust-sdk-integ", { rust: g.rust(), install: g.install(valgrind ? "valgrind" : "plain") }, ({ rust, install }) =>
    rustSdkLeaf({
      built: rustSdkBuild({ rust, settings, caches: cargoCaches(), mirrors: g.cargoMirrors, auth: g.auth }),
      homeserver: homeserverService({ install, binary: g.binary(), settings, valgrind }),
      settings,
      valgrind,
      rerun,
    }),
  );
}

/** matrix-rust-sdk's external inputs with its defaults: its repository by commit, and its crates (its Cargo.lock, --locked) through the cell's crates mirror. */
export function rustSdkSources(g: Graph): SourceRow[] {
  return [
    gitSource(g, DEFAULT_RUST_SDK_URL, DEFAULT_RUST_SDK_COMMIT, ["integration:rust-sdk-integ"]),
    { kind: "crates", url: CRATES_IO_INDEX, pin: "matrix-rust-sdk's Cargo.lock (--locked)", pinned: true, usedBy: ["integration:rust-sdk-integ"], via: g.settings.cratesMirror || "direct" },
  ];
}
