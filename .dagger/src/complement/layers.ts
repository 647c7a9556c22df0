/**
 * Matrix Complement: the tester (Complement's test binaries, compiled once per system by a
 * pinned Go), the testee (the cell's checked binary in the service image's base with a
 * Complement configuration) and the run, which starts a Docker daemon of its own, loads the
 * testee into it and runs the binaries. Complement starts every homeserver of a test as a
 * container of that daemon and talks to it through published ports, so the run needs root
 * capabilities; it is the only step of bakery that asks for them. No host socket and no host
 * network are involved: the daemon lives and dies inside the one exec.
 */
import { CacheSharingMode, dag, type Container, type Directory } from "@dagger.io/dagger";
import { gitAuthOptions, type MirrorAuth } from "../config/mirrors.js";
import { withRerun } from "../layers/rerun.js";
import { installedPath, runtimeImagePackages, VARIANT_PACKAGES, type ServedInputs } from "../layers/install.js";
import { buildStage, STAGE_FILES } from "../layers/stages.js";
import { systemArgs, type SystemInputs } from "../layers/system.js";

/** Project settings of Complement (tuwunel defaults in defaults.ts). */
export interface ComplementSettings {
  /** Complement's git repository and the commit the tests are built from. */
  readonly url: string;
  readonly commit: string;
  /** The Go release (Debian's golang-<version>-go). */
  readonly goVersion: string;
  /** Go build tags of the tests. */
  readonly tags: readonly string[];
  /** Package patterns of the tests, relative to Complement's root. */
  readonly packages: readonly string[];
  /** The homeserver's arguments (they point it at the rendered configuration). */
  readonly serverArgs: readonly string[];
  /** Extra homeserver arguments under valgrind. */
  readonly valgrindArgs: readonly string[];
  /** Where Go fetches Complement's modules (GOPROXY): "" for Go's default. */
  readonly goProxy: string;
}

/** Where the stage library puts things (see docker/Dockerfile.complement). */
export const COMPLEMENT_PATHS = {
  /** complement-build.sh's output: bin/ and MANIFEST. */
  build: "/opt/complement",
  run: "/usr/local/lib/bakery/complement-run.sh",
  /** The Docker daemon's data root: a volume, not the exec's overlay root. */
  dockerData: "/var/lib/docker",
  testeeTar: "/tmp/complement-testee.tar",
  out: "/out",
  /** The raw event stream of a run, in `out`. */
  events: "go-test.jsonl",
  /** Its pass, fail and skip events of tests, in `out`. */
  outcomes: "outcomes.jsonl",
};

/** The Docker daemon's data volume. PRIVATE: two runs at once each get their own. */
export const COMPLEMENT_DOCKER_VOLUME = "bakery-complement-docker";

/** The settings of Complement the tester is built from (not those of the homeserver). */
export type TesterSettings = Pick<ComplementSettings, "url" | "commit" | "goVersion" | "tags" | "packages" | "goProxy">;

/** What the tester is made from: the system and Complement; nothing of the Rust matrix. */
export interface TesterInputs extends SystemInputs {
  readonly settings: TesterSettings;
  /** The git mirror's credentials, when its URL is a mirror's that asks for them. */
  readonly auth?: MirrorAuth;
}

export function complementTesterLayer(i: TesterInputs): Promise<Container> {
  return buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.complement],
    target: "complement-tester",
    args: {
      ...systemArgs(i),
      go_version: i.settings.goVersion,
      complement_tags: i.settings.tags.join(","),
      complement_packages: i.settings.packages.join(" "),
      go_proxy: i.settings.goProxy,
    },
    platform: i.sys.platform,
    context: { "complement-src": dag.git(i.settings.url, gitAuthOptions(i.auth?.git)).commit(i.settings.commit).tree({ discardGitDir: true }) },
  });
}

/** What the testee is made from. */
export interface TesteeInputs extends ServedInputs {
  /** The service image's user: the testee shares the service image's base stage. */
  readonly imageUser: string;
  /** The homeserver's configuration template (homeserver.toml of the complement inputs). */
  readonly template: string;
  readonly serverArgs: readonly string[];
  /** Extra homeserver arguments under valgrind; absent for the plain testee. */
  readonly valgrindArgs?: readonly string[];
}

/**
 * The testee stage (everything but the binary, so a new binary rebuilds nothing of it), then
 * the checked binary where the stage's entrypoint runs it.
 */
export async function complementTesteeLayer(i: TesteeInputs): Promise<Container> {
  const valgrind = VARIANT_PACKAGES[i.sys.name]?.valgrind;
  if (i.valgrindArgs && !valgrind) throw new Error(`the valgrind testee needs a package bakery does not know for sys_name ${i.sys.name}; valid: debian`);
  const server = installedPath(i.binary);
  const stage = await buildStage({
    stages: i.stages,
    files: [STAGE_FILES.system, STAGE_FILES.complement],
    target: i.valgrindArgs ? "complement-testee-valgrind" : "complement-testee",
    args: {
      ...systemArgs(i),
      runtime_packages: runtimeImagePackages({ ...i, variant: "plain" }).join(" "),
      image_user: i.imageUser,
      complement_server: server,
      complement_server_args: i.serverArgs.join(" "),
      ...(i.valgrindArgs ? { complement_valgrind_args: i.valgrindArgs.join(" "), valgrind_packages: valgrind!.join(" ") } : {}),
    },
    platform: i.sys.platform,
    context: { complement: dag.directory().withNewFile("homeserver.toml", i.template) },
  });
  return stage.withFile(server, i.install.file(server), { permissions: 0o755 });
}

/** The options of a run (tuwunel's complement.sh options). */
export interface RunSettings {
  /** -run pattern. */
  readonly run: string;
  /** -skip pattern; empty skips nothing. */
  readonly skip: string;
  readonly count: number;
  readonly parallel: number;
  /** Each test binary's time limit (a Go duration). */
  readonly timeout: string;
  /** Complement's debug logging. */
  readonly debug: boolean;
  /** Print every homeserver's log, not only those of failed tests. */
  readonly verbose: boolean;
}

/** What a run is made from. */
export interface RunInputs {
  readonly tester: Container;
  readonly testee: Container;
  readonly run: RunSettings;
  readonly rerun: string;
}

/**
 * The run's output directory: go-test.jsonl (the event stream), dockerd.log and MANIFEST.
 * Failing tests are results; the exec fails only when the run itself cannot happen.
 */
export function complementRunLayer(i: RunInputs): Directory {
  const env: Record<string, string> = {
    BAKERY_COMPLEMENT_RUN: i.run.run,
    BAKERY_COMPLEMENT_SKIP: i.run.skip,
    BAKERY_COMPLEMENT_COUNT: String(i.run.count),
    BAKERY_COMPLEMENT_PARALLEL: String(i.run.parallel),
    BAKERY_COMPLEMENT_TIMEOUT: i.run.timeout,
    COMPLEMENT_HOSTNAME_RUNNING_COMPLEMENT: "host.docker.internal",
    COMPLEMENT_DESTROY_HS_TIMEOUT_SECS: "10",
    ...(i.run.debug ? { COMPLEMENT_DEBUG: "1" } : {}),
    ...(i.run.verbose ? { COMPLEMENT_ALWAYS_PRINT_SERVER_LOGS: "1" } : {}),
  };
  let c = i.tester
    .withMountedCache(COMPLEMENT_PATHS.dockerData, dag.cacheVolume(COMPLEMENT_DOCKER_VOLUME), { sharing: CacheSharingMode.Private })
    .withFile(COMPLEMENT_PATHS.testeeTar, i.testee.asTarball());
  for (const name of Object.keys(env).sort()) c = c.withEnvVariable(name, env[name]!);
  return withRerun(c, i.rerun)
    .withExec([COMPLEMENT_PATHS.run, COMPLEMENT_PATHS.testeeTar, COMPLEMENT_PATHS.out], { insecureRootCapabilities: true })
    .directory(COMPLEMENT_PATHS.out);
}
