/**
 * The installs group: the binary and the images it ships in.
 */
import { func, object, type Container, type Directory, type File, type Secret } from "@dagger.io/dagger";
import type { CellConfig } from "../config/cell-config.js";
import type { ReleaseConfig } from "../config/release-config.js";
import { buildOn } from "./check.js";
import { Graph } from "../graph.js";
import { resolveGraph } from "../resolve.js";

/** The cell's binary and images: checked binary, static binary, test runtimes, the service image and its OCI tarball. */
@object()
export class Installs {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  release!: ReleaseConfig;

  /** The checked binary of the plain install; `staticOnly` refuses a dynamically linked cell. */
  private async binary(staticOnly: boolean): Promise<File> {
    const g = await resolveGraph(this);
    const refused = staticOnly && g.cell.rustflags.linkage !== "static";
    const install = refused
      ? g.refusal("installs:static", `cell ${g.cell.name} links dynamically (nightly ${g.cell.cargoProfile} builds do); a static binary needs a release or bench profile, or a stable toolchain`)
      : g.install("plain");
    return Graph.binaryFile(await install.value(), g.binary());
  }

  /** The main binary, linkage checked as tuwunel's install does (static cells: no shared library; dynamic: all found in the runtime image). */
  @func()
  async install(): Promise<File> {
    return this.binary(false);
  }

  /** The main binary of a statically linked cell (release or bench profile, or a stable toolchain), verified static. */
  @func()
  async static(): Promise<File> {
    return this.binary(true);
  }

  /** The runtime image with valgrind and the checked binary: the base of the valgrind smoke and integration runs. */
  @func()
  async installValgrind(): Promise<Container> {
    return buildOn(this, (g) => g.install("valgrind"));
  }

  /** The runtime image with perf (really installed) and the checked binary: the base of the perf smoke run. */
  @func()
  async installPerf(): Promise<Container> {
    return buildOn(this, (g) => g.install("perf"));
  }

  /** The service image: slim base, the run-time libraries the cell needs, the binary, an unprivileged user, entrypoint, health check, OCI labels and annotations; no build tree. */
  @func()
  async docker(): Promise<Container> {
    const { image, release } = this.release.validated();
    return buildOn(this, (g) => g.image(image, release));
  }

  /** The service image as an OCI tarball (docker load / podman load / skopeo). */
  @func()
  async oci(): Promise<File> {
    return (await this.docker()).asTarball();
  }
}
