/**
 * examples/consumer: a module that depends on bakery. No engine runs here, so neither does the
 * real codegen that would give it `dag.bakery()`; instead:
 *   - the SDK's own scanner registers the consumer (what the engine does with its source);
 *   - bindings of bakery are generated from bakery's scanned API in the codegen's shape
 *     (tests/harness/bindings.ts) and the consumer is compiled against them, strict;
 *   - the same compile fails when bakery's API loses what the consumer calls.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { apiOf } from "../harness/functions.js";
import { scanModuleAt } from "../harness/bindings-scan.js";
import { bindingApi, formatName, renderBindings, splitArgs, apiTypeName, optsTypeName, type BindingApi } from "../harness/bindings.js";
import { declaredMembers, formatErrors, typecheckWithBindings, type TsError } from "../harness/bindings-tsc.js";
import { REPO_ROOT } from "../harness/schema.js";
import { moduleFiles, scanModule } from "../harness/sdk.js";

const CONSUMER = join(REPO_ROOT, "examples", "consumer");
const CONSUMER_SRC = join(CONSUMER, ".dagger", "src");
const CONSUMER_INDEX = "examples/consumer/.dagger/src/index.ts";

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

interface DaggerJson {
  name: string;
  engineVersion: string;
  sdk: { source: string };
  source?: string;
  dependencies?: { name: string; source: string; pin?: string }[];
}

async function bakeryApi(): Promise<BindingApi> {
  const { name } = readJson<DaggerJson>(join(REPO_ROOT, "dagger.json"));
  return bindingApi(await scanModule(), name);
}

function compile(api: BindingApi): TsError[] {
  return typecheckWithBindings(CONSUMER, moduleFiles(CONSUMER_SRC), renderBindings(api), "bakery").errors;
}

/** A copy of the API with one object's function changed (or removed, when `change` returns undefined). */
function altered(api: BindingApi, object: string, fn: string, change: (f: BindingApi["objects"][number]["functions"][number]) => typeof f | undefined): BindingApi {
  const copy = structuredClone(api);
  const o = copy.objects.find((x) => x.name === object)!;
  const i = o.functions.findIndex((f) => f.name === fn);
  expect(i, `${object}.${fn} exists in bakery's API`).toBeGreaterThanOrEqual(0);
  const next = change(o.functions[i]!);
  if (next) o.functions[i] = next;
  else o.functions.splice(i, 1);
  return copy;
}

describe("examples/consumer: a module built on bakery", () => {
  it("is registered by the SDK's scanner: Consumer with image, smoke, clippy and the lints check, documented", async () => {
    const scanned = await scanModuleAt(CONSUMER_SRC, "consumer");
    const api = apiOf(scanned);
    expect(api.description).toMatch(/depends on bakery/);
    expect(api.objects.map((o) => o.name)).toEqual(["Consumer"]);
    const consumer = api.objects[0]!;
    expect(consumer.description.trim()).not.toBe("");
    expect(scanned.objects["Consumer"]?._constructor?.getArgsOrder() ?? []).toEqual([]); // `dagger check` can build it
    expect(consumer.functions.map((f) => ({ name: f.name, returns: f.returns, check: f.check, args: f.args.length }))).toEqual([
      { name: "image", returns: "Container", check: false, args: 0 },
      { name: "smoke", returns: "String", check: false, args: 0 },
      { name: "clippy", returns: "Container", check: false, args: 2 },
      { name: "lints", returns: "Void", check: true, args: 0 },
    ]);
    for (const f of consumer.functions) expect(f.description.trim(), f.name).not.toBe("");
    expect(consumer.functions.find((f) => f.name === "image")?.description).toMatch(/service image/);
  });

  it("type-checks, strict, against bindings of bakery generated from bakery's scanned API", async () => {
    const errors = compile(await bakeryApi());
    expect(formatErrors(errors)).toBe("");
  });

  it("does not type-check without them: dag.bakery exists only through the bindings", async () => {
    const empty: BindingApi = { ...(await bakeryApi()), module: "somethingElse", ctorArgs: [] };
    const errors = compile(empty);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.file === CONSUMER_INDEX), formatErrors(errors)).toBe(true);
    expect(errors.map((e) => e.message)).toContain("Property 'bakery' does not exist on type 'Client'.");
  });

  it("fails to type-check when bakery's API loses or changes what the consumer calls", async () => {
    const api = await bakeryApi();
    const cases: { what: string; api: BindingApi; code: number; mentions: string }[] = [
      { what: "installs.docker renamed", api: altered(api, "Installs", "docker", (f) => ({ ...f, name: "serviceImage" })), code: 2339, mentions: "'docker'" },
      { what: "installs.docker removed", api: altered(api, "Installs", "docker", () => undefined), code: 2339, mentions: "'docker'" },
      {
        what: "matrix run's target argument removed",
        api: altered(api, "Matrix", "run", (f) => ({ ...f, args: f.args.filter((a) => a.name !== "target") })),
        code: 2353,
        mentions: "'target'",
      },
      {
        what: "installs.docker returning a File",
        api: altered(api, "Installs", "docker", (f) => ({ ...f, returns: { kind: "object", name: "File" } })),
        code: 2339,
        mentions: "'withLabel'",
      },
      {
        what: "matrix's cargoProfiles becoming a string",
        api: altered(api, "Bakery", "matrix", (f) => ({ ...f, args: f.args.map((a) => (a.name === "cargoProfiles" ? { ...a, type: { kind: "string" } } : a)) })),
        code: 2322,
        mentions: "string",
      },
    ];
    for (const c of cases) {
      const errors = compile(c.api);
      expect(errors.length, c.what).toBeGreaterThan(0);
      // the bindings themselves stay valid: every error is the consumer's
      expect(errors.every((e) => e.file === CONSUMER_INDEX), `${c.what}\n${formatErrors(errors)}`).toBe(true);
      expect(errors.some((e) => e.code === c.code && e.message.includes(c.mentions)), `${c.what}\n${formatErrors(errors)}`).toBe(true);
    }
  });

  it("generates the bindings in the codegen's shape: names, Opts types, lazy objects, promised scalars", async () => {
    const members = declaredMembers(renderBindings(await bakeryApi()));
    const m = (type: string, member: string): string | undefined => members.get(type)?.get(member);

    expect(m("Client", "bakery")).toBe("(opts?: ClientBakeryOpts) => Bakery");
    // defaultPath and default-valued constructor arguments are all options
    expect(m("ClientBakeryOpts", "source")).toBe("?Directory");
    expect(m("ClientBakeryOpts", "stages")).toBe("?Directory");
    expect(m("ClientBakeryOpts", "cargoProfile")).toBe("?string");
    expect(m("ClientBakeryOpts", "imagePorts")).toBe("?number[]");
    // required arguments are positional
    expect(m("Bakery", "tool")).toBe("(name: string) => Directory");
    // objects are lazy; scalars, lists and Void are promised
    expect(m("Bakery", "system")).toBe("() => Container");
    expect(m("Bakery", "recipe")).toBe("() => File");
    expect(m("Bakery", "installs")).toBe("() => BakeryInstalls");
    expect(m("Bakery", "lints")).toBe("(opts?: BakeryLintsOpts) => BakeryLints");
    expect(m("Bakery", "matrix")).toBe("(opts?: BakeryMatrixOpts) => BakeryMatrix");
    expect(m("BakeryMatrixOpts", "complementInputs")).toBe("?Directory");
    expect(m("BakeryMatrix", "run")).toBe("(opts?: BakeryMatrixRunOpts) => Promise<string>");
    expect(m("BakeryMatrixRunOpts", "concurrency")).toBe("?number");
    expect(m("BakeryMatrixRunOpts", "failFast")).toBe("?boolean");
    expect(m("BakeryComplement", "gate")).toBe("(opts?: BakeryComplementGateOpts) => Promise<void>");
    expect(m("BakeryComplement", "updateBaseline")).toBe("(opts?: BakeryComplementUpdateBaselineOpts) => Changeset");
    expect(m("BakeryPublish", "ghcrIo")).toBe("(opts?: BakeryPublishGhcrIoOpts) => Promise<string[]>");
    expect(m("BakeryPublishGhcrIoOpts", "token")).toBe("?Secret");
    expect(m("BakeryLintsAuditOpts", "db")).toBe("?Directory");
    // a keyword is suffixed, as the codegen's formatName does
    expect(m("BakeryInstalls", "static_")).toBe("() => File");
    expect(m("BakeryInstalls", "static")).toBeUndefined();
  });

  it("leaves nothing of bakery's API out of the bindings", async () => {
    const api = await bakeryApi();
    const members = declaredMembers(renderBindings(api));
    const missing: string[] = [];
    for (const o of api.objects) {
      const type = apiTypeName(api, o.name);
      if (!members.has(type)) missing.push(type);
      for (const f of o.functions) {
        if (!members.get(type)?.has(formatName(f.name))) missing.push(`${type}.${f.name}`);
        const { required, optionals } = splitArgs(f.args);
        const opts = members.get(optsTypeName(type, f.name));
        if (optionals.length > 0 && opts?.size !== optionals.length) missing.push(`${optsTypeName(type, f.name)} (${optionals.length} options)`);
        if (optionals.length === 0 && opts) missing.push(`${optsTypeName(type, f.name)} should not exist`);
        for (const a of required) if (!members.get(type)?.get(formatName(f.name))?.includes(`${formatName(a.name)}:`)) missing.push(`${type}.${f.name}(${a.name})`);
      }
    }
    expect(missing).toEqual([]);
    expect(api.objects.map((o) => apiTypeName(api, o.name))).toEqual(expect.arrayContaining(["Bakery", "BakeryLints", "BakeryInstalls", "BakeryComplement"]));
  });

  it("depends on bakery at the repository root and pins the same engine", () => {
    const root = readJson<DaggerJson>(join(REPO_ROOT, "dagger.json"));
    const cfg = readJson<DaggerJson>(join(CONSUMER, "dagger.json"));
    expect(cfg).toMatchObject({ name: "consumer", engineVersion: root.engineVersion, sdk: { source: "typescript" }, source: ".dagger" });
    expect(cfg.engineVersion).toBe("v0.21.8");
    expect(cfg.dependencies).toEqual([{ name: "bakery", source: "../.." }]);
    expect(resolve(CONSUMER, cfg.dependencies![0]!.source)).toBe(REPO_ROOT);
    expect(root.name).toBe("bakery");

    // the module's runtime needs nothing but the TypeScript the engine pins
    const pkg = readJson<{ type: string; dependencies: Record<string, string> }>(join(CONSUMER, ".dagger", "package.json"));
    const dev = readJson<{ devDependencies: Record<string, string> }>(join(REPO_ROOT, "package.json"));
    expect(pkg.type).toBe("module");
    expect(pkg.dependencies).toEqual({ typescript: dev.devDependencies["typescript"] });
    // the same compiler settings as bakery's own module, and the generated sdk/ kept out of git
    expect(readJson(join(CONSUMER, ".dagger", "tsconfig.json"))).toEqual(readJson(join(REPO_ROOT, ".dagger", "tsconfig.json")));
    const ignore = readFileSync(join(CONSUMER, ".dagger", ".gitignore"), "utf8").split("\n");
    expect(ignore).toEqual(expect.arrayContaining(["/sdk", "/**/node_modules/**"]));
    expect(existsSync(join(CONSUMER, "README.md"))).toBe(true);
  });
});
