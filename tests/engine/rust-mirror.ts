/**
 * A mirror of static.rust-lang.org for the engine lab (which cannot reach it), made from a
 * toolchain rustup installed on this machine and this machine's rustup:
 *
 *   npx tsx tests/engine/rust-mirror.ts TOOLCHAIN_DIR RUSTUP_BINARY OUT
 *
 * OUT/rustup/archive/<rustup version>/<host>/rustup-init(.sha256) and release-stable.toml, and
 * OUT/dist/ with the
 * channel manifest of the toolchain's release (rustup's own copy of it, reduced to this host)
 * and one rust-installer tarball per installed component, packed from the files rustup recorded
 * for that component (lib/rustlib/manifest-<component>). The manifest keeps the official URLs:
 * rustup rewrites them onto RUSTUP_DIST_SERVER. rust-docs is left out (no profile bakery uses
 * installs it).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse, stringify } from "smol-toml";

type Toml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

/** What rustup says its version is (`rustup 1.29.0 (…)`). */
export function rustupVersion(rustup: string): string {
  const out = execFileSync(rustup, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const m = /^rustup (\d+\.\d+\.\d+)/.exec(out);
  if (!m) throw new Error(`cannot tell the version of ${rustup}: ${out.trim()}`);
  return m[1]!;
}

/** Build the mirror; returns the release (e.g. 1.95.0) it serves. */
export function buildMirror(toolchain: string, rustup: string, out: string): string {
  const rustlib = join(toolchain, "lib", "rustlib");
  const manifest = parse(readFileSync(join(rustlib, "multirust-channel-manifest.toml"), "utf8")) as Toml;
  const release = /^(\d+\.\d+\.\d+)/.exec(String(manifest.pkg.rust.version))![1]!;
  const installed = readFileSync(join(rustlib, "components"), "utf8").split("\n").filter(Boolean);
  const host = installed.find((c) => c.startsWith("rustc-"))!.slice("rustc-".length);
  const stage = join(out, ".stage");
  const hashes = new Map<string, string>();
  for (const component of installed) {
    const pkg = component.slice(0, -(host.length + 1));
    if (pkg === "rust-docs") continue;
    const target = manifest.pkg[pkg]?.target?.[host];
    if (!target?.url) throw new Error(`the channel manifest has no ${pkg} for ${host}`);
    const file = basename(String(target.url));
    const top = file.replace(/\.tar\.gz$/, "");
    const dest = join(out, "dist", String(manifest.date), file);
    if (!existsSync(dest)) {
      rmSync(stage, { recursive: true, force: true });
      const root = join(stage, top, component);
      mkdirSync(root, { recursive: true });
      const entries = readFileSync(join(rustlib, `manifest-${component}`), "utf8").split("\n").filter(Boolean);
      for (const e of entries) {
        const path = e.replace(/^(file|dir):/, "");
        mkdirSync(dirname(join(root, path)), { recursive: true });
        cpSync(join(toolchain, path), join(root, path), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      }
      writeFileSync(join(root, "manifest.in"), entries.join("\n") + "\n");
      writeFileSync(join(stage, top, "rust-installer-version"), "3\n");
      writeFileSync(join(stage, top, "components"), `${component}\n`);
      mkdirSync(dirname(dest), { recursive: true });
      execFileSync("tar", ["-C", stage, "-czf", `${dest}.part`, top]);
      execFileSync("mv", [`${dest}.part`, dest]);
      rmSync(stage, { recursive: true, force: true });
    }
    hashes.set(pkg, sha256(dest));
  }
  // The manifest: what the mirror has is available, with its hashes; everything else (other
  // hosts, other packages) stays listed, as rustup checks every reference, but unavailable.
  for (const [name, pkg] of Object.entries(manifest.pkg as Record<string, Toml>)) {
    for (const [t, entry] of Object.entries(pkg.target as Record<string, Toml>)) {
      const hash = t === host ? hashes.get(name) : undefined;
      if (hash) pkg.target[t] = { ...entry, available: true, hash };
      else if (name === "rust" && t === host) pkg.target[t] = entry;
      else pkg.target[t] = { available: false, components: entry.components ?? [], extensions: entry.extensions ?? [] };
      for (const k of ["xz_url", "xz_hash"]) delete pkg.target[t][k];
    }
  }
  const channel = join(out, "dist", `channel-rust-${release}.toml`);
  writeFileSync(channel, stringify(manifest));
  writeFileSync(`${channel}.sha256`, `${sha256(channel)}  ${basename(channel)}\n`);
  // rustup-init is rustup's binary under that name.
  const version = rustupVersion(rustup);
  const init = join(out, "rustup", "archive", version, host, "rustup-init");
  mkdirSync(dirname(init), { recursive: true });
  cpSync(rustup, init);
  writeFileSync(`${init}.sha256`, `${sha256(init)}  rustup-init\n`);
  // Where rustup looks for its own newest release.
  writeFileSync(join(out, "rustup", "release-stable.toml"), `schema-version = "1"\nversion = "${version}"\n`);
  return release;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [toolchain, rustup, out] = process.argv.slice(2);
  if (!toolchain || !rustup || !out) {
    console.error("usage: rust-mirror.ts TOOLCHAIN_DIR RUSTUP_BINARY OUT");
    process.exit(2);
  }
  console.log(buildMirror(toolchain, rustup, out));
}
