/**
 * The engine's own install of the module's runtime dependencies, reproduced for real. Before
 * the TypeScript runtime (sdk/typescript/runtime/runtime_node.go, withInstalledDependencies, at
 * v0.21.8) runs a function, it:
 *   1. rewrites .dagger/package.json: "type": "module", `dependencies.typescript` = "5.9.3" when
 *      absent, no @dagger.io/dagger (tsutils/package_json_updator.go);
 *   2. when the ORIGINAL `dependencies.typescript` is exactly "5.9.3" (tsdistconsts
 *      DefaultTypeScriptVersion), mounts its own TypeScript library (a 6.x build) read-only over
 *      node_modules/typescript, and stops there if TypeScript is the only dependency;
 *   3. otherwise copies the lockfile and .npmrc in and runs `npm install --omit=dev` with npm
 *      11.8.0 (config.go NpmDefaultVersion; the devDependency `npm` pins the same).
 * This test does the same in a scratch directory: the same files, the same mount (a bind mount
 * in a private mount namespace), the same command and npm version. It needs root and the npm
 * registry (or npm's cache), as the engine does.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../harness/schema.js";
import { scratch } from "../harness/scratch.js";

/** tsdistconsts.DefaultTypeScriptVersion at v0.21.8. */
const RUNTIME_DEFAULT_TYPESCRIPT = "5.9.3";
/** config.go NpmDefaultVersion at v0.21.8. */
const RUNTIME_NPM = "11.8.0";

const require = createRequire(join(REPO_ROOT, "package.json"));
/** The pinned npm (devDependency), run by path: its package exports no bin entry. */
const NPM_DIR = dirname(require.resolve("npm"));
const npmCli = join(NPM_DIR, "bin", "npm-cli.js");
const isRoot = process.getuid?.() === 0;

type PackageJson = { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; [k: string]: unknown };

/** Step 1: the package.json the runtime writes into its container. */
export function runtimePackageJson(original: PackageJson): PackageJson {
  const p: PackageJson = JSON.parse(JSON.stringify(original));
  p.type = "module";
  p.dependencies ??= {};
  p.dependencies.typescript ??= RUNTIME_DEFAULT_TYPESCRIPT;
  delete p.dependencies["@dagger.io/dagger"];
  if (p.devDependencies) delete p.devDependencies["@dagger.io/dagger"];
  return p;
}

/** What the runtime does with a module's package.json: mount its TypeScript, install, or both. */
export function runtimeInstallPlan(original: PackageJson): { mount: boolean; install: boolean } {
  const mount = original.dependencies?.typescript === RUNTIME_DEFAULT_TYPESCRIPT;
  const install = !(mount && Object.keys(original.dependencies ?? {}).length <= 1);
  return { mount, install };
}

/** Run the runtime's steps 2 and 3 on a module directory; the install's output and what it left. */
function reproduce(moduleDir: string): { plan: ReturnType<typeof runtimeInstallPlan>; status: number; output: string; typescript?: string } {
  const original = JSON.parse(readFileSync(join(moduleDir, "package.json"), "utf8")) as PackageJson;
  const plan = runtimeInstallPlan(original);
  const dir = scratch("runtime-install");
  writeFileSync(join(dir, "package.json"), JSON.stringify(runtimePackageJson(original), null, 2));
  for (const f of ["package-lock.json", ".npmrc"]) if (existsSync(join(moduleDir, f))) copyFileSync(join(moduleDir, f), join(dir, f));
  const steps: string[] = [];
  if (plan.mount) {
    // The engine's library: a TypeScript 6 package, read-only.
    const lib = join(dir, "..", `${dir.split("/").pop()}-typescript-library`);
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, "package.json"), JSON.stringify({ name: "typescript", version: "6.0.3", main: "index.js" }));
    writeFileSync(join(lib, "index.js"), "export default {};\n");
    mkdirSync(join(dir, "node_modules", "typescript"), { recursive: true });
    steps.push(`mount --bind '${lib}' node_modules/typescript`, "mount -o remount,bind,ro node_modules/typescript");
  }
  if (plan.install) steps.push(`'${process.execPath}' '${npmCli}' install --omit=dev --no-fund`);
  if (steps.length === 0) return { plan, status: 0, output: "" };
  const r = spawnSync("unshare", ["--mount", "--propagation", "private", "sh", "-ec", steps.join("\n")], { cwd: dir, encoding: "utf8", timeout: 300_000 });
  const tsPackage = join(dir, "node_modules", "typescript", "package.json");
  return {
    plan,
    status: r.status ?? -1,
    output: `${r.stdout}${r.stderr}`,
    typescript: existsSync(tsPackage) ? (JSON.parse(readFileSync(tsPackage, "utf8")) as { version: string }).version : undefined,
  };
}

describe("the engine's install of the module's runtime dependencies", () => {
  it("the npm devDependency is the runtime's npm", () => {
    expect((JSON.parse(readFileSync(join(NPM_DIR, "package.json"), "utf8")) as { version: string }).version).toBe(RUNTIME_NPM);
  });

  it("a module pinning typescript 5.9.3 besides other dependencies is the failing case: npm cannot replace the engine's mount", { skip: !isRoot }, () => {
    const dir = scratch("runtime-pin");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "m", private: true, dependencies: { typescript: "5.9.3", "is-number": "7.0.0" } }));
    const r = spawnSync(process.execPath, [npmCli, "install", "--package-lock-only", "--no-fund", "--no-audit"], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const got = reproduce(dir);
    expect(got.plan).toEqual({ mount: true, install: true });
    expect(got.status, got.output.slice(-2000)).not.toBe(0);
  });

  it.skipIf(!isRoot).each([".dagger", "examples/consumer/.dagger"])(
    "%s: installs as the engine installs it, and the entrypoint then loads the TypeScript it pins (or the engine's)",
    (module) => {
      const dir = join(REPO_ROOT, module);
      const got = reproduce(dir);
      expect(got.status, got.output.slice(-3000)).toBe(0);
      if (got.plan.mount) {
        // Only TypeScript, pinned as the runtime's default: the engine's library, nothing installed.
        expect(got.plan.install).toBe(false);
        return;
      }
      const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
      expect(got.typescript).toBe(lock.packages["node_modules/typescript"]?.version);
    },
  );
});
