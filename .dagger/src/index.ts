/**
 * bakery runs a Rust workspace's whole CI as one cached graph of container layers: system →
 * toolchain → RocksDB → cargo-chef recipe → dependency passes → workspace build → leaves.
 * Every layer keys on exactly what it reads, so an edit rebuilds only what depends on it.
 *
 * The constructor selects one cell of the build matrix (profile × feature set × toolchain ×
 * target × distro × CPU level; defaults as tuwunel's `bake.sh`) and the project settings
 * (defaults are tuwunel's). Without a Cargo.toml in the source, bakery builds its embedded
 * default, a pinned tuwunel release.
 */
import { argument, func, object, type Container, type Directory, type File, type Secret } from "@dagger.io/dagger";
import { CellConfig } from "./config/cell-config.js";
import { ReleaseConfig } from "./config/release-config.js";
import {
  DEFAULT_ADVISORY_DB_URL,
  DEFAULT_ALWAYS_FEATURES,
  DEFAULT_AUDIT_DENY,
  DEFAULT_BASE_PACKAGES,
  DEFAULT_BUILD_PACKAGES,
  DEFAULT_CARGO_PROFILE_ENV,
  DEFAULT_BOOK_PATHS,
  DEFAULT_FEATURE_SETS,
  DEFAULT_IMAGE_HEALTHCHECK,
  DEFAULT_IMAGE_PORTS,
  DEFAULT_IMAGE_USER,
  DEFAULT_IMAGE_VENDOR,
  DEFAULT_NIX_ATTR,
  DEFAULT_PACKAGING_PATHS,
  DEFAULT_LYCHEE_EXCLUDE,
  DEFAULT_LYCHEE_PATHS,
  DEFAULT_MAIN_PACKAGE,
  DEFAULT_MATRIX_CONCURRENCY,
  DEFAULT_ROCKSDB_WITH,
  DEFAULT_ROCKSDB_CXX_FLAGS,
  DEFAULT_RUST_EXTRA_PATHS,
  DEFAULT_RUSTUP_MIRROR,
  DEFAULT_GIT_MIRRORS,
  DEFAULT_GIT_MIRRORS_USER,
  DEFAULT_APT_MIRRORS,
  DEFAULT_CRATES_MIRROR,
  DEFAULT_RUST_NIGHTLY,
  DEFAULT_SMOKE_ENV,
  DEFAULT_SMOKE_STARTUP_ARGS,
  DEFAULT_SMOKE_VALGRIND_ARGS,
  DEFAULT_SMOKE_VERSION_ARGS,
  DEFAULT_TYPOS_EXCLUDE,
  SOURCE_IGNORE,
} from "./defaults.js";
import {
  DEFAULT_COMPLEMENT_BASELINE,
  DEFAULT_COMPLEMENT_COMMIT,
  DEFAULT_COMPLEMENT_GO,
  DEFAULT_COMPLEMENT_GO_PROXY,
  DEFAULT_COMPLEMENT_PACKAGES,
  DEFAULT_COMPLEMENT_SERVER_ARGS,
  DEFAULT_COMPLEMENT_TAGS,
  DEFAULT_COMPLEMENT_URL,
  DEFAULT_COMPLEMENT_VALGRIND_ARGS,
} from "./complement/defaults.js";
import {
  DEFAULT_RUST_SDK_COMMIT,
  DEFAULT_RUST_SDK_HOMESERVER_ARGS,
  DEFAULT_RUST_SDK_PACKAGE,
  DEFAULT_RUST_SDK_PORT,
  DEFAULT_RUST_SDK_SKIP,
  DEFAULT_RUST_SDK_TIMEOUT,
  DEFAULT_RUST_SDK_URL,
  DEFAULT_RUST_SDK_VALGRIND_ARGS,
} from "./integration/defaults.js";
import { Complement } from "./complement/group.js";
import { Installs } from "./groups/installs.js";
import { Integration } from "./integration/group.js";
import { Pkg } from "./groups/pkg.js";
import { Publish } from "./groups/publish.js";
import { Lints } from "./groups/lints.js";
import { Smokes } from "./groups/smokes.js";
import { Tests } from "./groups/tests.js";
import { KINDS, pluginSources } from "./plugins.js";
import { checkPinned, formatSources, pipelineSources } from "./sources.js";
import { dryRun, Planned, type Graph, type Node } from "./graph.js";
import { checkMirrorTokens, resolveGraph, tokensOf } from "./resolve.js";
import { make } from "./objects.js";
import { ConfigError } from "./config/axes.js";
import { cellName } from "./config/cell.js";
import { expandMatrix } from "./matrix/expand.js";
import { planMatrix, planMermaid } from "./matrix/plan.js";
import { formatReport, runCells } from "./matrix/run.js";
import { parseShard, shardCells } from "./matrix/shard.js";
import { resolveTarget, type TargetCall } from "./matrix/targets.js";
import { cargoTool } from "./layers/rust.js";

/** One cell of a Rust workspace's CI graph: each function is a layer of the chain or a leaf on it. */
@object()
export class Bakery {
  source: Directory;
  stages: Directory;
  config: CellConfig;
  release: ReleaseConfig;
  gitMirrorsToken: Secret | undefined;
  cratesMirrorToken: Secret | undefined;

  constructor(
    /** The Rust workspace (default: the repository root). Without a Cargo.toml, bakery builds its embedded default, tuwunel v1.9.3. */
    @argument({ defaultPath: "/", ignore: SOURCE_IGNORE }) source: Directory,
    /** bakery's Dockerfile stage library (default: the repository's docker/ directory). */
    @argument({ defaultPath: "/docker" }) stages: Directory,
    // generated:constructor-axes (npm run docs writes it from config/axes.ts AXES)
    /** Cargo profile: test, release, bench, dev, or a [profile.*] of the workspace. */
    cargoProfile: string = "test",
    /** Toolchain: stable (the workspace's rust-toolchain.toml channel), nightly (rustNightly), nightly-YYYY-MM-DD, or x.y.z. */
    rustToolchain: string = "nightly",
    /** Rust target triple: x86_64-unknown-linux-gnu or aarch64-unknown-linux-gnu (must match sysTarget's architecture). */
    rustTarget: string = "x86_64-unknown-linux-gnu",
    /** Feature set: none, default, all, or a named set of featureSets. */
    featSet: string = "all",
    /** Base image name: debian or ubuntu. */
    sysName: string = "debian",
    /** Base image tag, e.g. testing-slim, trixie-slim, noble. */
    sysVersion: string = "testing-slim",
    /** Machine and CPU level: x86_64-v1..v4-linux-gnu or aarch64-v8-linux-gnu; sets rustc's target-cpu and RocksDB's PORTABLE. */
    sysTarget: string = "x86_64-v1-linux-gnu",
    // /generated:constructor-axes
    /** Named feature sets, each "name:feature,feature,…". Default: logging:brotli_compression,bzip2_compression,console,direct_tls,element_hacks,gzip_compression,io_uring,jemalloc,jemalloc_conf,jemalloc_prof,jemalloc_stats,ldap,lz4_compression,media_thumbnail,perf_measurements,sentry_telemetry,systemd,tokio_console,tuwunel_mods,url_preview,zstd_compression. */
    featureSets: string[] = DEFAULT_FEATURE_SETS,
    /** Features added to every feature set except all. Default: direct_tls. */
    alwaysFeatures: string[] = DEFAULT_ALWAYS_FEATURES,
    /** The toolchain the nightly key installs: nightly or nightly-YYYY-MM-DD. */
    rustNightly: string = DEFAULT_RUST_NIGHTLY,
    /** Package whose [features] the feature sets select ("" = the workspace's only package with a binary). */
    mainPackage: string = DEFAULT_MAIN_PACKAGE,
    /** apt packages of every image. Default: adduser, ca-certificates, procps. */
    basePackages: string[] = DEFAULT_BASE_PACKAGES,
    /** apt packages of the build system. Default: clang, cmake, curl, g++, git, libbz2-dev, libc6-dev, libclang-dev, libjemalloc-dev, liblz4-dev, libssl-dev, liburing-dev, libzstd-dev, make, pkg-config, valgrind, xz-utils. */
    buildPackages: string[] = DEFAULT_BUILD_PACKAGES,
    /** Libraries compiled into RocksDB: any of bz2, lz4, zstd, liburing. Default: bz2, lz4, zstd, liburing. */
    rocksdbWith: string[] = DEFAULT_ROCKSDB_WITH,
    /** C++ flags added to RocksDB's build (CMAKE_CXX_FLAGS, after those of the CPU level), one word each, e.g. -include,cstdint for an older RocksDB on a newer libstdc++. Default: none. */
    rocksdbCxxFlags: string[] = DEFAULT_ROCKSDB_CXX_FLAGS,
    /** CARGO_PROFILE_<NAME>_<KEY>=value overrides; each reaches the builds of its profile and of the profiles inheriting it. Default: CARGO_PROFILE_TEST_DEBUG=false, CARGO_PROFILE_TEST_INCREMENTAL=false, CARGO_PROFILE_BENCH_DEBUG=false, CARGO_PROFILE_BENCH_LTO=thin, CARGO_PROFILE_RELEASE_LTO=thin, CARGO_PROFILE_RELEASE_DEBUGINFO_DEBUG=limited, CARGO_PROFILE_RELEASE_DEBUGINFO_LTO=off. */
    cargoProfileEnv: string[] = DEFAULT_CARGO_PROFILE_ENV,
    /** Paths besides manifests and member directories that the compiler reads. Default: .cargo, tuwunel-example.toml. */
    rustExtraPaths: string[] = DEFAULT_RUST_EXTRA_PATHS,
    /** Where rustup downloads toolchains and rustup-init: "" for static.rust-lang.org, or the URL of a mirror serving its dist/ and rustup/ trees (RUSTUP_DIST_SERVER; RUSTUP_UPDATE_ROOT is <mirror>/rustup), e.g. for air-gapped builds. */
    rustupMirror: string = DEFAULT_RUSTUP_MIRROR,
    /** Git URL rewrites, each "<from>=<to>" (URL prefixes; the longest matching from wins, as git's insteadOf): every git fetch goes through them, bakery's own (the embedded default, RocksDB, Complement, matrix-rust-sdk, the advisory database) and cargo's git dependencies (fetched with the git CLI), e.g. https://github.com/=https://git.example/github/. Default: none. */
    gitMirrors: string[] = DEFAULT_GIT_MIRRORS,
    /** The user of HTTP basic authentication at the git mirrors, with gitMirrorsToken. */
    gitMirrorsUser: string = DEFAULT_GIT_MIRRORS_USER,
    /** The password or token of the git mirrors (HTTP basic authentication), e.g. env://GIT_MIRROR_TOKEN: sent only to the mirrors gitMirrors names (the engine's fetches and the git CLI's in the build), never put in a layer, a log or a plan. Default: none. */
    gitMirrorsToken?: Secret,
    /** apt source rewrites, each "<from>=<to>" (URL prefixes; the longest matching from wins): every apt download of the build system, the runtime and the service image goes through them (the service image keeps the base image's own sources), e.g. http://deb.debian.org/=http://apt.example/debian-proxy/. The mirror must be http:// (apt checks each download by the archive's signature). Default: none. */
    aptMirrors: string[] = DEFAULT_APT_MIRRORS,
    /** A crates.io replacement for cargo (its source replace-with; Cargo.lock stays as it is): "" for crates.io, a sparse index sparse+https://<host>/<path>/, or a git index's URL. */
    cratesMirror: string = DEFAULT_CRATES_MIRROR,
    /** cargo's token for the crates.io replacement, e.g. env://CRATES_MIRROR_TOKEN: sent only to cratesMirror (when its config.json says auth-required), never put in a layer, a log or a plan. Default: none. */
    cratesMirrorToken?: Secret,
    /** The unprivileged user the service image runs as. */
    imageUser: string = DEFAULT_IMAGE_USER,
    /** The ports the service image exposes. Default: 8008, 8448. */
    imagePorts: number[] = DEFAULT_IMAGE_PORTS,
    /** Arguments of the binary that check a running server's health (the image's HEALTHCHECK); empty for none. Default: --health-check. */
    imageHealthcheck: string[] = DEFAULT_IMAGE_HEALTHCHECK,
    /** The vendor images and packages are labelled with. */
    vendor: string = DEFAULT_IMAGE_VENDOR,
    /** The release version labels carry, e.g. from git describe (default: the package's version). */
    version: string = "",
    /** The source revision labels carry, e.g. the commit id (default: the embedded default's commit, else none). */
    revision: string = "",
    /** The build's creation time labels carry, RFC 3339 (default: none, so unchanged builds stay cached). */
    created: string = "",
  ) {
    this.source = source;
    this.stages = stages;
    this.gitMirrorsToken = gitMirrorsToken;
    this.cratesMirrorToken = cratesMirrorToken;
    this.config = CellConfig.of(
      // generated:cell-axes (npm run docs writes it from config/axes.ts AXES)
      { cargoProfile, rustToolchain, rustTarget, featSet, sysName, sysVersion, sysTarget },
      // /generated:cell-axes
      { featureSets, alwaysFeatures, rustNightly, mainPackage, basePackages, buildPackages, rocksdbWith, rocksdbCxxFlags, cargoProfileEnv, rustExtraPaths, rustupMirror, gitMirrors, gitMirrorsUser, aptMirrors, cratesMirror },
    );
    this.release = ReleaseConfig.of({ imageUser, imagePorts, imageHealthcheck, vendor, version, revision, created });
    // Reject bad values before anything is built.
    this.config.validated();
    this.release.validated();
    checkMirrorTokens(this);
  }

  // generated:layer-functions (npm run docs writes them from graph.ts LAYERS)
  /** The build system: the base image with base and build packages (Dockerfile.system, stage builder). */
  @func()
  async system(): Promise<Container> {
    return (await this.graph()).layer("system").value();
  }

  /** bakery's pinned toolchain with cargo-chef on the build system, where the recipe is prepared; shared by every cell of a system. */
  @func()
  async tools(): Promise<Container> {
    return (await this.graph()).layer("tools").value();
  }

  /** The cell's Rust toolchain on the build system, with clippy, rustfmt and cargo-chef. */
  @func()
  async rust(): Promise<Container> {
    return (await this.graph()).layer("rust").value();
  }

  /** RocksDB (lib/librocksdb.a, include/) at the revision Cargo.lock pins; one build per system and CPU level. */
  @func()
  async rocksdb(): Promise<Directory> {
    return (await this.graph()).layer("rocksdb").value();
  }

  /** The build environment: the toolchain with the prebuilt RocksDB wired in for cargo. */
  @func()
  async kitchen(): Promise<Container> {
    return (await this.graph()).layer("kitchen").value();
  }

  /** The kitchen with the cell's rustflags, profile overrides and download caches: where every cargo step of the cell runs (try `cell-env terminal`). */
  @func()
  async cellEnv(): Promise<Container> {
    return (await this.graph()).layer("cellEnv").value();
  }

  /** cargo-chef's recipe.json: the dependency graph from manifests and lockfile only. */
  @func()
  async recipe(): Promise<File> {
    return (await this.graph()).layer("recipe").value();
  }

  /** The metadata dependency pass (cargo chef cook --check) that check, clippy and doc share. */
  @func()
  async depsMeta(): Promise<Container> {
    return (await this.graph()).layer("depsMeta").value();
  }

  /** The code-generation dependency pass (cargo chef cook) that builds, tests, binaries and packages share. */
  @func()
  async depsCode(): Promise<Container> {
    return (await this.graph()).layer("depsCode").value();
  }

  /** The workspace built with all targets (cargo build --all-targets) on the code-generation pass. */
  @func()
  async build(): Promise<Container> {
    return (await this.graph()).layer("build").value();
  }

  /** The workspace's test binaries (cargo test --no-run; benches for the bench profile), ready for the test leaves. */
  @func()
  async buildTests(): Promise<Container> {
    return (await this.graph()).layer("buildTests").value();
  }

  /** The workspace's binaries (cargo build --bins) under target/<triple>/<profile>/. */
  @func()
  async buildBins(): Promise<Container> {
    return (await this.graph()).layer("buildBins").value();
  }
  // /generated:layer-functions

  /**
   * A pinned cargo tool's binaries, compiled by bakery's pinned toolchain on the build system.
   * @param name The crate: cargo-chef, typos-cli, lychee, cargo-audit, cargo-nextest, cargo-deb, cargo-generate-rpm or mdbook.
   */
  @func()
  async tool(name: string): Promise<Directory> {
    const tool = cargoTool(name);
    return (await this.graph()).tool(tool).value();
  }

  /**
   * Every external input the cell's builds reach: git repositories (Cargo.lock's, bakery's own), crates, the Rust distribution, images, Debian's archive, Go modules; each with its pin, the layers that fetch it and the mirror it goes through. Reads the manifests; builds nothing. The plugins' inputs are shown with their groups' defaults.
   * @param strict Fail when an input is not pinned (a branch, a floating tag), naming each.
   * @param format table or json.
   * @param advisoryDbUrl The advisory database lints audit fetches (as lints --advisory-db-url).
   */
  @func()
  async sources(strict: boolean = false, format: string = "table", advisoryDbUrl: string = DEFAULT_ADVISORY_DB_URL): Promise<string> {
    if (format !== "table" && format !== "json") throw new ConfigError(`format "${format}" is not valid; valid: table, json`);
    const g = await this.graph();
    const rows = [...pipelineSources(g, advisoryDbUrl), ...pluginSources(g)];
    if (strict) checkPinned(rows);
    return format === "json" ? JSON.stringify(rows, null, 2) : formatSources(rows);
  }

  /** Shortcut for `lints clippy`: cargo clippy of every target with the cell's features, warnings denied. */
  @func()
  async clippy(): Promise<Container> {
    return this.lints().clippy();
  }

  /**
   * The lints: fmt, typos, audit, lychee, check, clippy.
   * @param typosExclude Paths typos skips besides the project's own typos config. Default: docker, nix, RELEASE.md, tests/complement/*.jsonl, tests/playwright/known-failures.txt, docs/development/compliance/msc.md, docs/development/testing/performance.md.
   * @param lycheePaths What lychee checks: files, directories or globs of the workspace. Default: docs, *.md, *\/README.md.
   * @param lycheeExclude Regular expressions of input paths lychee skips. Default: ^development\.md$.
   * @param auditDeny cargo-audit warning kinds that fail the audit. Default: warnings, unmaintained, unsound, yanked.
   * @param advisoryDbUrl The RustSec advisory database's git repository, which cargo-audit fetches: an https:// URL (the only scheme it fetches), e.g. a mirror's.
   */
  @func()
  lints(
    typosExclude: string[] = DEFAULT_TYPOS_EXCLUDE,
    lycheePaths: string[] = DEFAULT_LYCHEE_PATHS,
    lycheeExclude: string[] = DEFAULT_LYCHEE_EXCLUDE,
    auditDeny: string[] = DEFAULT_AUDIT_DENY,
    advisoryDbUrl: string = DEFAULT_ADVISORY_DB_URL,
  ): Lints {
    return make(Lints, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), typosExclude, lycheePaths, lycheeExclude, auditDeny, advisoryDbUrl });
  }

  /**
   * The tests: unit, integ, doc, bench and the valgrind variants, on the compiled test binaries.
   * @param nextest Run unit and integ with a pinned cargo-nextest instead of libtest's runner.
   */
  @func()
  tests(nextest: boolean = false): Tests {
    return make(Tests, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), nextest });
  }

  /**
   * The smoke tests of the installed binary: version, startup, valgrind (and perf, not a default check).
   * @param versionArgs Arguments that make the binary print its version. Default: -V.
   * @param startupArgs Arguments that start the server in its smoke mode, its database under /tmp/smoke (a throwaway mount). Default: -Otest=["smoke"], -Oserver_name="localhost", -Oerror_on_unknown_config_opts=true, -Odatabase_path="/tmp/smoke/db".
   * @param valgrindArgs Extra arguments under valgrind. Default: -Odb_pool_max_workers=128.
   * @param env NAME=value environment of the startup runs. Default: TUWUNEL_LOG=info.
   */
  @func()
  smokes(
    versionArgs: string[] = DEFAULT_SMOKE_VERSION_ARGS,
    startupArgs: string[] = DEFAULT_SMOKE_STARTUP_ARGS,
    valgrindArgs: string[] = DEFAULT_SMOKE_VALGRIND_ARGS,
    env: string[] = DEFAULT_SMOKE_ENV,
  ): Smokes {
    return make(Smokes, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), versionArgs, startupArgs, valgrindArgs, env });
  }

  /**
   * matrix-rust-sdk's integration tests against the cell's homeserver, bound as a service.
   * @param url The matrix-rust-sdk repository.
   * @param commit The commit to test at.
   * @param testPackage The cargo package of the integration tests.
   * @param skip Tests to skip. Default: test_delayed_invite_response_and_sent_message_decryption, test_history_share_on_invite, test_history_sharing_session_merging, test_transitive_history_share_with_withhelds, test_latest_event_few_rooms, test_latest_thread_event_is_redecrypted_and_updated, test_event_with_context, test_repeated_join_leave.
   * @param homeserverArgs Arguments that make the binary serve plain HTTP on port on every address, with open registration and a database under /var/lib/homeserver. Default: -Oserver_name="localhost", -Oaddress=["0.0.0.0"], -Oport=[8448], -Odatabase_path="/var/lib/homeserver/db", -Oerror_on_unknown_config_opts=true, -Oallow_registration=true, -Oyes_i_am_very_very_sure_i_want_an_open_registration_server_prone_to_abuse=true, -Oallow_guest_registration=true, -Olog_guest_registrations=false, -Oallow_public_room_directory_without_auth=true, -Oallow_public_room_directory_over_federation=true, -Oallow_device_name_federation=true, -Oallow_legacy_media=true, -Ocreate_admin_room=false, -Oadmin_room_notices=false, -Oquery_trusted_key_servers_first=false, -Oquery_trusted_key_servers_first_on_join=false, -Otrusted_servers=[], -Oip_range_denylist=[], -Ourl_preview_domain_contains_allowlist=["*"], -Ourl_preview_domain_explicit_denylist=["*"], -Omedia_compat_file_link=false, -Omedia_startup_check=true, -Odb_pool_max_workers=64, -Orocksdb_log_level="debug", -Orocksdb_max_log_files=1, -Orocksdb_parallelism_threads=2, -Orocksdb_paranoid_file_checks=true, -Orocksdb_recovery_mode=0, -Olog="debug,tuwunel=trace,h2=warn,hyper=warn", -Olog_colors=false, -Olog_span_events="NONE", -Olog_thread_ids=true.
   * @param valgrindArgs Extra homeserver arguments under valgrind. Default: -Odb_pool_max_workers=128.
   * @param port The homeserver's port.
   * @param timeout The tests' time limit (timeout(1) syntax).
   */
  @func()
  integration(
    url: string = DEFAULT_RUST_SDK_URL,
    commit: string = DEFAULT_RUST_SDK_COMMIT,
    testPackage: string = DEFAULT_RUST_SDK_PACKAGE,
    skip: string[] = DEFAULT_RUST_SDK_SKIP,
    homeserverArgs: string[] = DEFAULT_RUST_SDK_HOMESERVER_ARGS,
    valgrindArgs: string[] = DEFAULT_RUST_SDK_VALGRIND_ARGS,
    port: number = DEFAULT_RUST_SDK_PORT,
    timeout: string = DEFAULT_RUST_SDK_TIMEOUT,
  ): Integration {
    return make(Integration, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), url, commit, testPackage, skip, homeserverArgs, valgrindArgs, port, timeout });
  }

  /**
   * Matrix Complement against the cell's homeserver: complementTester, complementTestee, complement (results), complementValgrind, complementOutput, the gate check and the updateBaseline generator. Only its runs ask for privileges (their own Docker daemon).
   * @param inputs bakery's Complement inputs: homeserver.toml (the testee's configuration template) and skip.txt.
   * @param url Complement's git repository.
   * @param commit The commit the tests are built from.
   * @param goVersion The Go release that builds them (Debian's golang-<version>-go).
   * @param tags Go build tags of the tests. Default: conduwuit_blacklist.
   * @param packages Test packages, relative to Complement's root. Default: ./tests/....
   * @param serverArgs The homeserver's arguments in the testee. Default: -c, /var/lib/complement-testee/homeserver.toml.
   * @param valgrindArgs Extra homeserver arguments under valgrind. Default: -Odb_pool_max_workers=128.
   * @param baseline The expected results: a path in the workspace, read by gate and written by updateBaseline.
   * @param goProxy Where Go fetches Complement's modules (GOPROXY, checked against its go.sum): "" for Go's default, or a list such as https://goproxy.example,direct.
   */
  @func()
  complement(
    @argument({ defaultPath: "/complement" }) inputs: Directory,
    url: string = DEFAULT_COMPLEMENT_URL,
    commit: string = DEFAULT_COMPLEMENT_COMMIT,
    goVersion: string = DEFAULT_COMPLEMENT_GO,
    tags: string[] = DEFAULT_COMPLEMENT_TAGS,
    packages: string[] = DEFAULT_COMPLEMENT_PACKAGES,
    serverArgs: string[] = DEFAULT_COMPLEMENT_SERVER_ARGS,
    valgrindArgs: string[] = DEFAULT_COMPLEMENT_VALGRIND_ARGS,
    baseline: string = DEFAULT_COMPLEMENT_BASELINE,
    goProxy: string = DEFAULT_COMPLEMENT_GO_PROXY,
  ): Complement {
    return make(Complement, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), release: this.release, inputs, url, commit, goVersion, tags, packages, serverArgs, valgrindArgs, baseline, goProxy });
  }

  /** The binary and its images: install, static, installValgrind, installPerf, docker, oci. */
  @func()
  installs(): Installs {
    return make(Installs, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), release: this.release });
  }

  /**
   * Distribution packages and documents: deb, rpm and their install checks, nix, book, docs.
   * @param packagingPaths Files the packages need besides those their metadata's assets name (bakery adds those). Default: debian, rpm, README.md, LICENSE.
   * @param bookPaths Files the book reads besides book.toml, its source directory, its theme and what its pages include (bakery finds those). Default: none.
   * @param nixAttr The flake output the nix build builds.
   * @param versionArgs Arguments that make the binary print its version (the packages' checks). Default: -V.
   */
  @func()
  pkg(
    packagingPaths: string[] = DEFAULT_PACKAGING_PATHS,
    bookPaths: string[] = DEFAULT_BOOK_PATHS,
    nixAttr: string = DEFAULT_NIX_ATTR,
    versionArgs: string[] = DEFAULT_SMOKE_VERSION_ARGS,
  ): Pkg {
    return make(Pkg, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), packagingPaths, bookPaths, nixAttr, versionArgs });
  }

  /**
   * Publish the service image of each selected cell to ghcr.io or docker.io.
   * @param ref The git ref the images are built from (tag or branch); images are tagged <ref>-<profile>-<feat_set>-<sys_target>.
   * @param cargoProfiles Cargo profiles to publish (default: the cell's). Default: none.
   * @param featSets Feature sets to publish (default: the cell's). Default: none.
   * @param sysTargets sys_targets to publish (default: the cell's); another architecture takes the matching Rust target. Default: none.
   */
  @func()
  publish(ref: string = "", cargoProfiles: string[] = [], featSets: string[] = [], sysTargets: string[] = []): Publish {
    return make(Publish, { source: this.source, stages: this.stages, config: this.config, ...tokensOf(this), release: this.release, ref, cargoProfiles, featSets, sysTargets });
  }

  /**
   * Cells of the build matrix, selected as tuwunel's bake selects them over its JSON-array variables: the product of the lists, minus exclude, plus include. `run` runs a target over them in one engine session; `plan` shows what it would build. The constructor's axes do not apply; its settings do.
   * @param complementInputs Complement's inputs, for the complement group's targets (see complement).
   * @param include Cells to add, each "axis=value,…" (bake's axis names, e.g. cargo_profile=bench,feat_set=all); missing axes take their list's first value. Default: none.
   * @param exclude Cells to leave out: those matching every axis=value of a pattern. Default: none.
   */
  @func()
  matrix(
    @argument({ defaultPath: "/complement" }) complementInputs: Directory,
    // generated:matrix-lists (npm run docs writes them from config/axes.ts AXES)
    /** Its cargo profiles (cargo_profiles). Default: test, release. */
    cargoProfiles: string[] = ["test", "release"],
    /** Its toolchains (rust_toolchains). Default: nightly, stable. */
    rustToolchains: string[] = ["nightly", "stable"],
    /** Its Rust targets (rust_targets). Default: x86_64-unknown-linux-gnu. */
    rustTargets: string[] = ["x86_64-unknown-linux-gnu"],
    /** Its feature sets (feat_sets). Default: none, default, all. */
    featSets: string[] = ["none", "default", "all"],
    /** Its base images (sys_names). Default: debian. */
    sysNames: string[] = ["debian"],
    /** Its base image tags (sys_versions). Default: testing-slim. */
    sysVersions: string[] = ["testing-slim"],
    /** Its machines and CPU levels (sys_targets). Default: x86_64-v1-linux-gnu. */
    sysTargets: string[] = ["x86_64-v1-linux-gnu"],
    // /generated:matrix-lists
    include: string[] = [],
    exclude: string[] = [],
  ): Matrix {
    // generated:matrix-expansion (npm run docs writes it from config/axes.ts AXES)
    const lists = { cargoProfile: cargoProfiles, rustToolchain: rustToolchains, rustTarget: rustTargets, featSet: featSets, sysName: sysNames, sysVersion: sysVersions, sysTarget: sysTargets };
    // /generated:matrix-expansion
    const cells = expandMatrix(lists, include, exclude);
    return make(Matrix, { source: this.source, stages: this.stages, ...tokensOf(this), release: this.release, complementInputs, cells: cells.map((axes) => this.config.withAxes(axes)) });
  }

  /** The cell's graph (not an API function). */
  private graph(): Promise<Graph> {
    return resolveGraph(this);
  }
}

/** Cells of the build matrix, each a configuration of the main object: what `run` and `plan` work over. Made by the main object's `matrix`. */
@object()
export class Matrix {
  source!: Directory;
  stages!: Directory;
  release!: ReleaseConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  complementInputs!: Directory;
  cells!: CellConfig[];


  /**
   * Run a target over the cells in one engine session: layers the cells share are built once. Returns a report per cell (result, seconds, the first lines of a failure) and fails when a cell failed.
   * @param target A layer (system, rust, deps-meta, build-bins, …), clippy, a group (lints, tests, smokes, integration, complement, pkg: its checks; installs: its functions), or group:function (lints:clippy, installs:docker).
   * @param concurrency How many cells run at once.
   * @param failFast Start no cell after the first failure.
   * @param format The report: text or json.
   * @param shard Only the i-th of n shards of the cells, "i/n" (e.g. 2/3), for n CI jobs on one shared engine: the shards are stable (cells ordered by name) and balanced (sizes differ by at most one), and together hold every cell once. "" runs every cell.
   */
  @func()
  async run(target: string = "clippy", concurrency: number = DEFAULT_MATRIX_CONCURRENCY, failFast: boolean = false, format: string = "text", shard: string = ""): Promise<string> {
    const t = resolveTarget(target);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError(`concurrency ${concurrency} is not a positive integer`);
    if (format !== "text" && format !== "json") throw new ConfigError(`format "${format}" is not valid; valid: text, json`);
    const cells = this.shard(shard);
    if (cells.length === 0) return `${t.name}: shard ${shard} has no cells (the matrix has ${this.cells.length}, fewer than its shards)`;
    console.error(`bakery: ${t.name} over ${cells.length} cells${shard ? ` (shard ${shard} of the matrix's ${this.cells.length})` : ""}, ${Math.min(concurrency, cells.length)} at a time`);
    const reports = await runCells(cells, (c) => cellName(c.values().axes), t.name, (c) => this.runCalls(this.bakery(c), t.calls), { concurrency, failFast });
    const text = format === "json" ? JSON.stringify(reports, null, 2) : formatReport(reports);
    if (reports.some((r) => r.result !== "pass")) throw new Error(text);
    return text;
  }

  /**
   * The resolved plan of a target over the cells, like bake --print: for each cell the layers the target builds on, each keyed by its inputs, and the count of distinct layers per kind. Reads the manifests; builds nothing.
   * @param target As run's target.
   * @param format json or mermaid.
   * @param shard As run's shard: the plan of the i-th of n shards ("" for every cell).
   */
  @func()
  async plan(target: string = "clippy", format: string = "json", shard: string = ""): Promise<string> {
    const t = resolveTarget(target);
    if (format !== "json" && format !== "mermaid") throw new ConfigError(`format "${format}" is not valid; valid: json, mermaid`);
    const cells = [];
    for (const c of this.shard(shard)) cells.push({ cell: cellName(c.values().axes), tops: await dryRun(() => this.plannedCalls(this.bakery(c), t.calls)) });
    const p = planMatrix(t.name, cells, KINDS);
    return format === "json" ? JSON.stringify(p, null, 2) : planMermaid(p);
  }

  /** The cells of a shard ("" for all). */
  private shard(spec: string): CellConfig[] {
    return shardCells(this.cells, (c) => cellName(c.values().axes), parseShard(spec));
  }

  /** The main object of a cell. */
  private bakery(config: CellConfig): Bakery {
    return make(Bakery, { source: this.source, stages: this.stages, config, release: this.release, ...tokensOf(this) });
  }
  /** Call one of a target's functions on a cell, with its defaults. */
  private call(b: Bakery, c: TargetCall): Promise<unknown> {
    if ("layer" in c) return resolveGraph(b).then((g) => g.layer(c.layer).value());
    const group = (c.group === "complement" ? b.complement(this.complementInputs) : (b[c.group] as () => object).call(b)) as Record<string, () => Promise<unknown>>;
    return group[c.fn]!.call(group);
  }

  /** Call a target's functions on a cell and evaluate what they return. */
  private async runCalls(b: Bakery, calls: readonly TargetCall[]): Promise<void> {
    for (const c of calls) {
      const result = await this.call(b, c);
      if (result && typeof (result as { sync?: unknown }).sync === "function") await (result as { sync: () => Promise<unknown> }).sync();
    }
  }

  /** In a dry run, what a target's functions on a cell would build on: the nodes each asks for first (see Planned). */
  private async plannedCalls(b: Bakery, calls: readonly TargetCall[]): Promise<Node<unknown>[]> {
    const tops: Node<unknown>[] = [];
    for (const c of calls) {
      try {
        await this.call(b, c);
      } catch (e) {
        if (!(e instanceof Planned)) throw e;
        tops.push(...(e.node.kind ? [e.node] : e.node.from));
        continue;
      }
      throw new Error(`${"layer" in c ? c.layer : `${c.group}:${c.fn}`} finished in a dry run: it declares no node of the graph`);
    }
    return tops;
  }
}
