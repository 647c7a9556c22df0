/**
 * A workspace of our own that carries tuwunel v1.9.0's facts: every file path of its tree (empty
 * placeholders), and manifests, lockfile, toolchain file, book configuration and pages written
 * here from the facts (members, profiles, the main package's features and deb/rpm assets, the
 * RocksDB pin, the book's includes). None of tuwunel's files is copied: only its facts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { scratch } from "../harness/scratch.js";
import type { TuwunelFacts } from "./facts.js";

const toml = (v: unknown): string => JSON.stringify(v);

/** The profiles cargo defines itself; the others get a table inheriting from the nearest one. */
const BUILTIN = new Set(["dev", "release", "test", "bench"]);

/** The facts' files, with generated contents where bakery reads them. */
export function factsFiles(f: TuwunelFacts): Record<string, string> {
  const files: Record<string, string> = Object.fromEntries(f.files.map((p) => [p, ""]));
  const members = f.files.filter((p) => /^src\/[^/]+\/Cargo\.toml$/.test(p)).map((p) => p.slice(0, -"/Cargo.toml".length));
  const profiles = f.workspace_profiles
    .map((p) => (BUILTIN.has(p) ? `[profile.${p}]\n` : `[profile.${p}]\ninherits = ${toml(p.startsWith("release") ? "release" : "dev")}\n`))
    .join("\n");
  files["Cargo.toml"] = [
    "[workspace]",
    'resolver = "2"',
    `members = ${toml(f.workspace_members)}`,
    "",
    "[workspace.package]",
    'version = "1.9.0"',
    'edition = "2024"',
    'license = "Apache-2.0"',
    'repository = "https://github.com/matrix-construct/tuwunel"',
    "",
    profiles,
  ].join("\n");
  for (const dir of members) {
    const main = dir === f.main_package.path;
    const name = main ? f.main_package.name : `tuwunel_${dir.split("/").pop()}`;
    const lib = [`${dir}/lib.rs`, `${dir}/mod.rs`].find((p) => p in files);
    const lines = ["[package]", `name = ${toml(name)}`, "version.workspace = true", "edition.workspace = true", ""];
    if (lib) lines.push("[lib]", `path = ${toml(lib.slice(dir.length + 1))}`, "");
    if (main) {
      lines.push("[[bin]]", `name = ${toml(f.main_package.name)}`, 'path = "main.rs"', "bench = false", "");
      lines.push("[features]", `default = ${toml(f.main_package.default_features)}`);
      for (const feat of f.main_package.features.filter((x) => x !== "default")) lines.push(`${feat} = []`);
      lines.push("", "[package.metadata.deb]", `assets = ${toml(f.deb_assets)}`, `systemd-units = ${toml(f.deb_systemd_units).replace(/"([a-z-]+)":/g, "$1 = ").replace(/,/g, ", ")}`);
      lines.push("", "[package.metadata.generate-rpm]", "assets = [");
      for (const a of f.rpm_assets) lines.push(`  { source = ${toml(a.source)}, dest = ${toml(a.dest)}, mode = ${toml(a.mode)} },`);
      lines.push("]");
    }
    files[`${dir}/Cargo.toml`] = lines.join("\n") + "\n";
  }
  const rocksdb = f.cargo_lock_git_sources.find((s) => s.includes("/rust-rocksdb?"))!;
  const rev = /rev=([0-9a-f]{40})/.exec(rocksdb)![1]!;
  files["Cargo.lock"] = [
    "version = 4",
    ...members.map((d) => `\n[[package]]\nname = ${toml(d === f.main_package.path ? f.main_package.name : `tuwunel_${d.split("/").pop()}`)}\nversion = "1.9.0"`),
    `\n[[package]]\nname = "rust-librocksdb-sys"\nversion = "0.48.0+11.8.1"\nsource = ${toml(`${rocksdb}#${rev}`)}`,
  ].join("\n") + "\n";
  files["rust-toolchain.toml"] = `[toolchain]\nchannel = ${toml(f.rust_toolchain_channel)}\n`;
  files["book.toml"] = '[book]\ntitle = "tuwunel"\nsrc = "docs"\n\n[output.html]\nadditional-css = ["docs/override.css"]\n';
  if (!("docs/override.css" in files)) files["docs/override.css"] = "";
  // The includes, on the pages that hold them in tuwunel's tree (by their relative depth).
  files["docs/configuration/examples.md"] = f.book_includes.filter((i) => i.startsWith("../../")).map((i) => `{{#include ${i}}}\n`).join("\n");
  files["docs/introduction.md"] = f.book_includes.filter((i) => !i.startsWith("../../")).map((i) => `{{#include ${i}}}\n`).join("\n");
  files["README.md"] = ["catchphrase", "body", "footer"].map((a) => `<!-- ANCHOR: ${a} -->\n${a}\n<!-- ANCHOR_END: ${a} -->`).join("\n") + "\n";
  return files;
}

/** The facts' workspace on disk, in a scratch directory. */
export function factsWorkspace(f: TuwunelFacts): string {
  const root = scratch("tuwunel-facts");
  for (const [path, text] of Object.entries(factsFiles(f))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
