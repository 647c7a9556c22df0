/**
 * The Nix build of the workspace (its flake) in the pinned Nix image, as tuwunel's bake's nix
 * and smoke-nix targets. The Nix store is part of the layer (the build's results live there), so
 * a source change rebuilds it; Nix substitutes dependencies from its binary caches.
 */
import { dag, type Container, type Directory } from "@dagger.io/dagger";
import { NIX_IMAGE } from "../defaults.js";
import { withRerun } from "../layers/rerun.js";
import type { Graph, Node } from "../graph.js";

/** Where the source is put and the result linked. */
export const NIX_SOURCE = "/usr/src/workspace";
export const NIX_RESULT = "/result";

/** The build command of a flake output. */
export function nixBuildCommand(attr: string): string[] {
  return ["nix", "--extra-experimental-features", "nix-command flakes", "build", "--print-build-logs", "--out-link", NIX_RESULT, `path:${NIX_SOURCE}#${attr}`];
}

/** What the Nix build is made from. */
export interface NixInputs {
  /** The source Nix reads (the flake and everything it refers to). */
  readonly source: Directory;
  readonly attr: string;
}

/** The Nix image with the flake output built and linked at /result. */
export function nixBuild(i: NixInputs): Container {
  return dag.container().from(NIX_IMAGE).withDirectory(NIX_SOURCE, i.source).withWorkdir(NIX_SOURCE).withExec(nixBuildCommand(i.attr));
}

/** The built output, dereferenced out of the store. */
export function nixResult(build: Container): Directory {
  return build.withExec(["cp", "-rL", `${NIX_RESULT}/.`, "/out"]).directory("/out");
}

/** The built binary reports a version. */
export function smokeNixLeaf(build: Container, binary: string, versionArgs: readonly string[], rerun: string): Container {
  return withRerun(build, rerun).withExec(["sh", "-c", `out=$("$0" "$@") && echo "$out" && test -n "$out"`, `${NIX_RESULT}/bin/${binary}`, ...versionArgs]);
}

/** The flake's result on the graph: no layer of the Rust chain. */
export function nixOn(g: Graph, attr: string): Node<Directory> {
  return g.leaf("pkg:nix", {}, () => nixResult(nixBuild({ source: g.source, attr })));
}

/** The Nix build's version check on the graph. */
export function smokeNixOn(g: Graph, attr: string, versionArgs: readonly string[], rerun: string): Node<Container> {
  return g.leaf("pkg:smoke-nix", {}, () => smokeNixLeaf(nixBuild({ source: g.source, attr }), g.binary(), versionArgs, rerun));
}
