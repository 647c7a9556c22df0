/**
 * The publish group: the service image of each requested cell, pushed to a registry.
 */
import { func, object, type Directory, type Secret } from "@dagger.io/dagger";
import type { CellConfig } from "../config/cell-config.js";
import type { ReleaseConfig } from "../config/release-config.js";
import { DEFAULT_DOCKER_IO_REPOSITORY, DEFAULT_GHCR_REPOSITORY } from "../defaults.js";
import { publishImages, REGISTRIES } from "../publish.js";

/** Publish the service image of each selected cell, tagged <ref>-<profile>-<feat_set>-<sys_target>. */
@object()
export class Publish {
  source!: Directory;
  stages!: Directory;
  config!: CellConfig;
  gitMirrorsToken!: Secret | undefined;
  cratesMirrorToken!: Secret | undefined;
  release!: ReleaseConfig;
  ref!: string;
  cargoProfiles!: string[];
  featSets!: string[];
  sysTargets!: string[];

  private push(registry: string, repository: string, username: string, token: Secret | undefined, dryRun: boolean): Promise<string[]> {
    return publishImages(this, {
      registry,
      repository,
      username,
      token,
      ref: this.ref,
      dryRun,
      cells: { cargoProfiles: this.cargoProfiles, featSets: this.featSets, sysTargets: this.sysTargets },
    });
  }

  /**
   * Push to ghcr.io; returns the pushed references (name:tag@digest), or on a dry run the ones it would push.
   * @param username The registry user.
   * @param token The registry token, as a secret (e.g. env:GITHUB_TOKEN).
   * @param repository The image repository on ghcr.io.
   * @param dryRun List the references without building or pushing anything.
   */
  @func()
  async ghcrIo(username: string = "", token?: Secret, repository: string = DEFAULT_GHCR_REPOSITORY, dryRun: boolean = false): Promise<string[]> {
    return this.push(REGISTRIES.ghcrIo, repository, username, token, dryRun);
  }

  /**
   * Push to docker.io; returns the pushed references, or on a dry run the ones it would push.
   * @param username The registry user.
   * @param token The registry token, as a secret (e.g. env:DOCKERHUB_TOKEN).
   * @param repository The image repository on docker.io.
   * @param dryRun List the references without building or pushing anything.
   */
  @func()
  async dockerIo(username: string = "", token?: Secret, repository: string = DEFAULT_DOCKER_IO_REPOSITORY, dryRun: boolean = false): Promise<string[]> {
    return this.push(REGISTRIES.dockerIo, repository, username, token, dryRun);
  }
}
