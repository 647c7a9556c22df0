/**
 * The engine double: a GraphQL server on 127.0.0.1 that answers the real SDK the way a Dagger
 * engine v0.21.8 would, as far as the schema and a recorded DAG can tell.
 *
 * - Every request is parsed and validated against the schema (exact SDL, or one derived from
 *   the SDK when the SDL is absent; see schema.ts). Invalid queries get the GraphQL errors an
 *   engine would return, and are recorded with them.
 * - Every object a field returns is a *vertex*: (parent, field, arguments as written in the
 *   query). Its digest is a Merkle hash of those, with ID arguments replaced by the digests of
 *   the vertices they name; equal digest ⇔ identical sub-graph. Its ID names that digest.
 * - Host directories are content-addressed like the engine's host sync: their digest is the
 *   hash of the files after include/exclude, so an edit outside the selection changes nothing.
 *   `filter`, `directory` and `file` of a content-addressed value stay content-addressed.
 * - Reads (`File.contents`, `Directory.entries/glob/exists`) are answered from real bytes for
 *   host directories, registered git fixtures and literal files; exec outputs are unknown and
 *   get the schema's zero values, or what a test's `onExec` hook says.
 * - Evaluating a container (`sync`, `stdout`, …) runs the hook for every `withExec` below it in
 *   order; a non-zero exit code becomes the engine's EXEC_ERROR, which the SDK turns into an
 *   `ExecError`.
 * What the double does not model: real digests, real build results and timings, cache-volume
 * contents, function-result caching, buildkit-level dedupe, git or http content digests.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  execute,
  getNamedType,
  GraphQLError,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  validate,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import { parseDockerfile, planBuild } from "./dockerfile.js";
import { loadSchema, type LoadedSchema } from "./schema.js";
import { literalEntry, norm, VTree, type VEntry } from "./vfs.js";

/** A vertex of the recorded graph. */
export interface Vertex {
  readonly id: string;
  readonly digest: string;
  /** GraphQL type of the value (Container, Directory, …). */
  readonly type: string;
  readonly field: string;
  /** Arguments as written in the query; ID arguments appear as `{ $ref: digest }`. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly parent?: string;
  /** Digests of the vertices named by ID arguments. */
  readonly refs: readonly string[];
  /** Set when the value is content-addressed (host sync and what derives from it). */
  readonly content?: string;
  /** What the double knows of the files, when it knows them. */
  readonly tree?: VTree;
  readonly file?: VEntry;
  readonly seq: number;
  evaluated: boolean;
}

export interface ExecResult {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

export interface RecordedQuery {
  seq: number;
  query: string;
  /** Schema validation errors: the query is not one the engine would accept. */
  invalid: string[];
  /** Errors raised while answering a valid query (a failed exec, a missing file …). */
  errors: string[];
}

export interface FunctionCallContext {
  moduleName: string;
  parentName: string;
  name: string;
  parent: unknown;
  inputArgs: Record<string, unknown>;
}

/** A Directory.dockerBuild the module asked for, with what the double knows of its context. */
export interface DockerBuildRequest {
  readonly dockerfile: string;
  readonly target: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly platform: string;
  readonly context: VTree;
  /** The steps the build converted to (its target stage's last step): what two builds share. */
  readonly result: string;
  /** What the build returned: its own result, keyed on its context and arguments, on those steps. */
  readonly returned: string;
}

export interface DoubleOptions {
  /** Answer an exec when a container is evaluated. */
  onExec?: (args: readonly string[], vertex: Vertex) => ExecResult | undefined;
  /** Per-field answers, keyed "Type.field". */
  overrides?: Record<string, (vertex: Vertex, args: Record<string, unknown>) => unknown>;
  /** Git trees, keyed "url@ref" (ref as passed to commit/tag/branch/ref). */
  gitFixtures?: Record<string, string>;
  /** Pinned image digests for `from`, keyed by address. */
  images?: Record<string, string>;
}

const ROOT = Symbol("root");
type Source = Vertex | typeof ROOT;

function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function unwrap(t: GraphQLType): GraphQLType {
  return isNonNullType(t) ? t.ofType : t;
}

export class EngineDouble {
  readonly schema: GraphQLSchema;
  readonly schemaInfo: LoadedSchema;
  readonly vertices = new Map<string, Vertex>();
  readonly queries: RecordedQuery[] = [];
  /** Secrets the session was given in plaintext (setSecret); tests scan for leaks. */
  readonly secrets = new Map<string, string>();
  /** Every image the session pushed (Container.publish), in order. */
  readonly published: { address: string; image: string }[] = [];
  /** Every dockerBuild the session asked for, in order. */
  readonly dockerBuilds: DockerBuildRequest[] = [];
  /** What the module returned/raised through currentFunctionCall (entrypoint protocol). */
  returned: { value?: string; error?: string } = {};
  functionCall?: FunctionCallContext;
  options: DoubleOptions;
  private server?: Server;
  private seq = 0;
  private qseq = 0;
  readonly token = randomBytes(16).toString("hex");
  port = 0;

  constructor(options: DoubleOptions = {}) {
    this.schemaInfo = loadSchema();
    this.schema = this.schemaInfo.schema;
    this.options = options;
  }

  /** Forget every vertex and query (a new session). */
  reset(options: DoubleOptions = {}): void {
    this.vertices.clear();
    this.queries.length = 0;
    this.secrets.clear();
    this.dockerBuilds.length = 0;
    this.published.length = 0;
    this.returned = {};
    this.functionCall = undefined;
    this.options = options;
    this.seq = 0;
    this.qseq = 0;
  }

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  /** Environment that points the SDK at this double. */
  sessionEnv(): Record<string, string> {
    return { DAGGER_SESSION_PORT: String(this.port), DAGGER_SESSION_TOKEN: this.token };
  }

  vertexById(id: string): Vertex | undefined {
    const m = /^synth:([A-Za-z]+):([0-9a-f]{64})$/.exec(id);
    return m ? this.vertices.get(m[2]!) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? "";
    const expected = "Basic " + Buffer.from(this.token + ":").toString("base64");
    if (req.method !== "POST" || req.url !== "/query" || auth !== expected) {
      res.writeHead(auth === expected ? 404 : 401).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query: string; variables?: Record<string, unknown> };
    const result = await this.run(body.query, body.variables);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  }

  /** Parse, validate, record and execute one request. */
  async run(query: string, variables?: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
    const rec: RecordedQuery = { seq: ++this.qseq, query, invalid: [], errors: [] };
    this.queries.push(rec);
    let doc;
    try {
      doc = parse(query);
    } catch (e) {
      rec.invalid.push(String(e));
      return { errors: [{ message: String(e) }] };
    }
    const invalid = validate(this.schema, doc);
    if (invalid.length > 0) {
      rec.invalid.push(...invalid.map((e) => e.message));
      return { errors: invalid.map((e) => e.toJSON()) };
    }
    const result = await execute({
      schema: this.schema,
      document: doc,
      rootValue: ROOT,
      variableValues: variables,
      fieldResolver: this.resolve,
      typeResolver: (value) => (value as Vertex).type,
    });
    if (result.errors) rec.errors.push(...result.errors.map((e) => e.message));
    return { data: result.data, errors: result.errors?.map((e) => e.toJSON()) };
  }

  // ---------------------------------------------------------------- resolution

  private resolve: GraphQLFieldResolver<Source, unknown> = (source, rawArgs, _ctx, info) => {
    const field = info.fieldName;
    const parentType = info.parentType.name;
    const args = this.explicitArgs(info, rawArgs as Record<string, unknown>);
    const vertex = source === ROOT ? undefined : source;
    const override = this.options.overrides?.[`${parentType}.${field}`];
    const returnType = unwrap(info.returnType);
    const named = getNamedType(info.returnType);

    if (source === ROOT && field === "node") {
      const id = String((rawArgs as { id: unknown }).id);
      const v = this.vertexById(id);
      if (!v) throw new GraphQLError(`engine double: unknown ID ${id.slice(0, 80)}`);
      return v;
    }
    if (field === "id" && vertex) return vertex.id;
    if (field === "sync" && vertex) {
      this.evaluate(vertex);
      return vertex.id;
    }
    const special = this.special(parentType, field, vertex, args, info);
    if (special !== undefined) return special === NONE ? undefined : special;
    if (override) {
      if (vertex) this.evaluate(vertex);
      return override(vertex as Vertex, args);
    }
    if (isObjectType(named) || isInterfaceType(named)) {
      if (isListType(returnType)) return [];
      return this.child(vertex, field, named.name, args, info);
    }
    // A scalar leaf: asking for it evaluates the object.
    if (vertex) this.evaluate(vertex);
    if (vertex?.type === "Container" && ["stdout", "stderr", "exitCode", "combinedOutput"].includes(field)) {
      const r = this.lastExec(vertex);
      if (field === "stdout") return r?.stdout ?? "";
      if (field === "stderr") return r?.stderr ?? "";
      if (field === "combinedOutput") return `${r?.stdout ?? ""}${r?.stderr ?? ""}`;
      return r?.exitCode ?? 0;
    }
    return zero(info.returnType);
  };

  /** Arguments actually written in the query (not schema defaults), ID args as refs. */
  private explicitArgs(info: GraphQLResolveInfo, coerced: Record<string, unknown>): Record<string, unknown> {
    const written = new Set((info.fieldNodes[0]?.arguments ?? []).map((a) => a.name.value));
    const def = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown>;
    const out: Record<string, unknown> = {};
    for (const arg of def.args) {
      if (!written.has(arg.name)) continue;
      const value = coerced[arg.name];
      const argNamed = getNamedType(arg.type);
      if (isScalarType(argNamed) && argNamed.name === "ID" && value != null) {
        const expected = arg.astNode?.directives
          ?.find((d) => d.name.value === "expectedType")
          ?.arguments?.find((a) => a.name.value === "name");
        const expectedName = expected && expected.value.kind === "StringValue" ? expected.value.value : undefined;
        const resolveOne = (id: unknown): Vertex => {
          const v = this.vertexById(String(id));
          if (!v) throw new GraphQLError(`engine double: argument ${arg.name} names an unknown ID`);
          if (expectedName && v.type !== expectedName) {
            throw new GraphQLError(`argument ${arg.name}: expected ID of ${expectedName}, got ${v.type}`);
          }
          return v;
        };
        out[arg.name] = Array.isArray(value) ? value.map((id) => ({ $ref: resolveOne(id).digest })) : { $ref: resolveOne(value).digest };
      } else {
        out[arg.name] = value;
      }
    }
    return out;
  }

  private refsOf(args: Record<string, unknown>): string[] {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        const r = (v as { $ref?: string }).$ref;
        if (r) refs.push(r);
        else Object.values(v).forEach(walk);
      }
    };
    walk(args);
    return refs;
  }

  private ref(args: Record<string, unknown>, name: string): Vertex | undefined {
    const r = (args[name] as { $ref?: string } | undefined)?.$ref;
    return r ? this.vertices.get(r) : undefined;
  }

  /** Create (or find) the vertex for `parent.field(args)`. */
  private child(
    parent: Vertex | undefined,
    field: string,
    type: string,
    args: Record<string, unknown>,
    _info?: GraphQLResolveInfo,
    known: { content?: string; tree?: VTree; file?: VEntry } = {},
  ): Vertex {
    const refs = this.refsOf(args);
    const callDigest = sha(stable({ p: parent?.digest ?? null, f: field, t: type, a: args }));
    const digest = known.content ? sha(`content:${type}:${known.content}`) : callDigest;
    const existing = this.vertices.get(digest);
    if (existing) return existing;
    const v: Vertex = {
      id: `synth:${type}:${digest}`,
      digest,
      type,
      field,
      args,
      parent: parent?.digest,
      refs,
      content: known.content,
      tree: known.tree,
      file: known.file,
      seq: ++this.seq,
      evaluated: false,
    };
    this.vertices.set(digest, v);
    return v;
  }

  /** Fields whose answer depends on files, secrets or the function-call protocol. */
  private special(
    type: string,
    field: string,
    v: Vertex | undefined,
    args: Record<string, unknown>,
    info: GraphQLResolveInfo,
  ): unknown {
    const str = (k: string): string => String(args[k] ?? "");
    const list = (k: string): string[] => (args[k] as string[] | undefined) ?? [];
    switch (`${type}.${field}`) {
      case "Host.directory": {
        const tree = VTree.fromDisk(str("path"), list("include"), list("exclude"));
        return this.child(v, field, "Directory", args, info, { content: tree.digest(), tree });
      }
      case "Host.file": {
        const path = str("path");
        const dir = path.slice(0, path.lastIndexOf("/")) || "/";
        const entry = VTree.fromDisk(dir).file(path.slice(dir.length + 1));
        if (!entry) throw new GraphQLError(`${path}: no such file`);
        return this.child(v, field, "File", args, info, { content: entry.sha, file: entry });
      }
      case "Query.directory":
        return this.child(v, field, "Directory", args, info, { tree: VTree.empty() });
      case "Query.setSecret": {
        const s = this.child(v, field, "Secret", { name: args.name }, info);
        this.secrets.set(str("name"), str("plaintext"));
        return s;
      }
      case "GitRef.tree": {
        const dir = this.gitFixture(v!);
        return this.child(v, field, "Directory", args, info, dir ? { tree: VTree.fromDisk(dir) } : {});
      }
      case "Directory.filter":
        if (!v?.tree) return undefined;
        return this.derived(v, field, args, info, v.tree.filter(list("include"), list("exclude")));
      case "Directory.directory": {
        if (!v?.tree) return undefined;
        if (!v.tree.isDir(str("path"))) throw new GraphQLError(`${str("path")}: no such directory`);
        const sub = v.tree.sub(str("path"));
        return sub ? this.derived(v, field, args, info, sub) : undefined;
      }
      case "Directory.file": {
        if (!v?.tree) return undefined;
        if (v.tree.inOpaque(str("path"))) return undefined;
        const entry = v.tree.file(str("path"));
        if (!entry) throw new GraphQLError(`${str("path")}: no such file or directory`);
        return this.child(v, field, "File", args, info, v.content ? { content: entry.sha, file: entry } : { file: entry });
      }
      case "Directory.withNewFile": {
        if (!v?.tree) return undefined;
        const perms = args.permissions as number | undefined;
        const tree = v.tree.with(str("path"), literalEntry(str("contents"), perms !== undefined && (perms & 0o111) !== 0));
        return this.child(v, field, "Directory", args, info, { tree });
      }
      case "Directory.withFile": {
        const src = this.ref(args, "source");
        if (!v?.tree || !src?.file) return undefined;
        return this.child(v, field, "Directory", args, info, { tree: v.tree.with(str("path"), src.file) });
      }
      case "Directory.withDirectory": {
        const src = this.ref(args, "source");
        if (!v?.tree || !src) return undefined;
        const tree = src.tree
          ? v.tree.withTree(str("path"), src.tree, list("include"), list("exclude"))
          : v.tree.withOpaque(str("path"), sha(`${src.digest}\0${stable([list("include"), list("exclude")])}`));
        return this.child(v, field, "Directory", args, info, { tree });
      }
      case "Directory.dockerBuild":
        return v?.tree ? this.dockerBuild(v, args) : undefined;
      case "Directory.withoutDirectory":
      case "Directory.withoutFile":
        if (!v?.tree) return undefined;
        return this.child(v, field, "Directory", args, info, { tree: v.tree.without(str("path")) });
      case "Directory.entries":
        if (!v?.tree) return this.unknownRead(v, field);
        return v.tree.entries(str("path"));
      case "Directory.glob":
        if (!v?.tree) return this.unknownRead(v, field);
        return v.tree.glob(str("pattern"));
      case "Directory.exists": {
        if (!v?.tree) return this.unknownRead(v, field);
        const p = str("path");
        const want = args.expectedType as string | undefined;
        const isFile = v.tree.file(p) !== undefined;
        const isDir = !isFile && v.tree.isDir(p) && norm(p) !== "";
        if (want === "REGULAR_TYPE") return isFile;
        if (want === "DIRECTORY_TYPE") return isDir || norm(p) === "";
        return isFile || isDir || norm(p) === "";
      }
      case "Directory.digest":
      case "File.digest":
        return v?.content ? `sha256:${v.content}` : v ? `sha256:${v.digest}` : undefined;
      case "File.contents": {
        if (!v) return undefined;
        if (!v.file) return this.unknownRead(v, field);
        const text = v.file.bytes().toString("utf8");
        const lines = text.split("\n");
        const off = (args.offsetLines as number | undefined) ?? 0;
        const lim = args.limitLines as number | undefined;
        return off || lim !== undefined ? lines.slice(off, lim !== undefined ? off + lim : undefined).join("\n") : text;
      }
      case "File.size":
        return v?.file ? v.file.bytes().length : undefined;
      case "Secret.plaintext": {
        // Only secrets set in plaintext in this session have one; the module reading it is
        // what tests look for.
        if (v) this.evaluate(v);
        return this.secrets.get(String(v?.args.name ?? "")) ?? "";
      }
      case "Container.publish": {
        // The engine pushes and answers the address with the manifest's digest.
        this.evaluate(v!);
        this.published.push({ address: str("address"), image: v!.digest });
        return `${str("address")}@sha256:${v!.digest}`;
      }
      case "Container.from": {
        const pinned = this.options.images?.[str("address")];
        return this.child(v, field, "Container", pinned ? { ...args, $image: pinned } : args, info);
      }
      // --- the module-runtime protocol (what `dagger call` drives through the entrypoint)
      case "CurrentModule.name":
        return this.functionCall?.moduleName ?? "";
      case "FunctionCall.parentName":
        return this.functionCall?.parentName ?? "";
      case "FunctionCall.name":
        return this.functionCall?.name ?? "";
      case "FunctionCall.parent":
        return JSON.stringify(this.functionCall?.parent ?? {});
      case "FunctionCall.inputArgs":
        return Object.entries(this.functionCall?.inputArgs ?? {}).map(([name, value]) =>
          this.child(v, `inputArgs[${name}]`, "FunctionCallArgValue", { name, value: JSON.stringify(value) }, info),
        );
      case "FunctionCallArgValue.name":
        return v!.args.name;
      case "FunctionCallArgValue.value":
        return v!.args.value;
      case "FunctionCall.returnValue":
        this.returned.value = String(args.value);
        return NONE;
      case "FunctionCall.returnError":
        this.returned.error = this.describeError(this.ref(args, "error"));
        return NONE;
      default:
        return undefined;
    }
  }

  private describeError(e: Vertex | undefined): string {
    if (!e) return "";
    let cur: Vertex | undefined = e;
    while (cur && cur.field !== "error") cur = cur.parent ? this.vertices.get(cur.parent) : undefined;
    return String(cur?.args.message ?? "");
  }

  /**
   * A read of content the double does not know. For exec outputs the schema's zero value is
   * the documented answer; for a git tree without a registered fixture it would be a lie that
   * steers the module, so it is an error.
   */
  private unknownRead(v: Vertex | undefined, field: string): undefined {
    if (v && this.fromUnknownGit(v)) {
      throw new GraphQLError(`engine double: ${field} of a git tree with no registered fixture (register it in gitFixtures)`);
    }
    return undefined;
  }

  /**
   * Directory.dockerBuild, converted into ordinary calls as engine v0.21 does (see
   * dockerfile.ts), then evaluated: the engine builds Dockerfiles eagerly.
   */
  private dockerBuild(context: Vertex, args: Record<string, unknown>): Vertex {
    const tree = context.tree!;
    const path = String(args.dockerfile ?? "Dockerfile");
    const file = tree.file(path);
    if (!file) throw new GraphQLError(`dockerBuild: ${path} not found in the build context`);
    const buildArgs = Object.fromEntries(((args.buildArgs as { name: string; value: string }[] | undefined) ?? []).map((a) => [a.name, a.value]));
    const platform = String(args.platform ?? "linux/amd64");
    let plans;
    try {
      plans = planBuild(parseDockerfile(file.bytes().toString("utf8")), String(args.target ?? ""), buildArgs, platform);
    } catch (e) {
      throw new GraphQLError(`dockerBuild: ${(e as Error).message}`);
    }
    // the build's secrets by name (v0.21.8 core/container.go: a secret without a name is refused)
    const given = new Map<string, string>();
    for (const ref of (args.secrets as { $ref: string }[] | undefined) ?? []) {
      const name = String(this.vertices.get(ref.$ref)?.args.name ?? "");
      if (name === "") throw new GraphQLError("secret has no name and cannot be referenced from Dockerfile secret id");
      given.set(name, ref.$ref);
    }
    const last = new Map<number, Vertex>();
    for (const plan of plans) {
      let cur: Vertex | undefined;
      for (const step of plan.steps) {
        switch (step.kind) {
          case "from":
            cur = this.child(this.child(undefined, "container", "Container", { platform: step.platform }), "from", "Container", {
              address: step.address,
              ...(this.options.images?.[step.address] ? { $image: this.options.images[step.address] } : {}),
            });
            break;
          case "scratch":
            cur = this.child(undefined, "container", "Container", { platform: step.platform });
            break;
          case "stage":
            cur = last.get(step.stage)!;
            break;
          case "env":
            cur = this.child(cur, "withEnvVariable", "Container", { name: step.name, value: step.value });
            break;
          case "exec": {
            // a secret mount as env: the build's secret of that name, for this exec alone
            for (const s of step.secrets) {
              const secret = given.get(s.id);
              if (!secret && s.required) throw new GraphQLError(`dockerBuild: secret ${s.id}: not found`);
              if (secret) cur = this.child(cur, "withSecretVariable", "Container", { name: s.env, secret: { $ref: secret } });
            }
            for (const m of step.mounts) {
              const volume = this.child(undefined, "cacheVolume", "CacheVolume", { key: m.id });
              cur = this.child(cur, "withMountedCache", "Container", { path: m.target, cache: { $ref: volume.digest }, sharing: m.sharing });
            }
            cur = this.child(cur, "withExec", "Container", { args: ["/bin/sh", "-c", step.command], $buildArgs: step.args });
            for (const m of step.mounts) cur = this.child(cur, "withoutMount", "Container", { path: m.target });
            for (const s of step.secrets) if (given.has(s.id)) cur = this.child(cur, "withoutSecretVariable", "Container", { name: s.env });
            break;
          }
          case "copy": {
            const from = step.from === undefined ? undefined : last.get(step.from)!;
            if (!from) {
              // The engine copies with lstat on each source: a missing one fails the build.
              for (const src of step.sources) {
                const p = norm(src);
                const wildcard = /[*?[]/.test(p);
                if (!wildcard && !tree.file(p) && !tree.isDir(p) && !tree.inOpaque(p)) {
                  throw new GraphQLError(`dockerBuild: Dockerfile line ${step.line}: failed to copy source directory: lstat /${p}: no such file or directory`);
                }
              }
            }
            const copied = from
              ? { source: { $ref: from.digest }, $paths: step.sources }
              : { $content: tree.filter(step.sources).digest(), $paths: step.sources };
            cur = this.child(cur, "withDirectory", "Container", { path: step.dest, ...copied, ...(step.chmod ? { $chmod: step.chmod } : {}) });
            break;
          }
          case "config":
            cur = this.child(cur, `with${step.op[0]}${step.op.slice(1).toLowerCase()}`, "Container", { value: step.value });
            break;
        }
      }
      last.set(plan.index, cur!);
    }
    // What the build returns is the dockerBuild call's own result (v0.21.8 core/container.go
    // Build: the converted calls are loaded, then cloned into the call's result), keyed on the
    // context (the Dockerfile's text with it) and the arguments: the steps converted are shared
    // with any build that converts to them, but a Container built on this one is not.
    const converted = last.get(plans[plans.length - 1]!.index)!;
    const result = this.child(converted, "dockerBuild", "Container", {
      $context: tree.digest(),
      dockerfile: path,
      target: String(args.target ?? ""),
      buildArgs: Object.fromEntries(Object.entries(buildArgs).sort(([a], [b]) => a.localeCompare(b))),
      platform,
    });
    this.dockerBuilds.push({ dockerfile: path, target: String(args.target ?? ""), buildArgs, platform, context: tree, result: converted.digest, returned: result.digest });
    this.evaluate(result);
    return result;
  }

  private derived(v: Vertex, field: string, args: Record<string, unknown>, info: GraphQLResolveInfo, tree: VTree): Vertex {
    return this.child(v, field, "Directory", args, info, v.content ? { content: tree.digest(), tree } : { tree });
  }

  private gitFixture(ref: Vertex): string | undefined {
    const repo = ref.parent ? this.vertices.get(ref.parent) : undefined;
    if (!repo || repo.field !== "git") return undefined;
    const name = ref.args.id ?? ref.args.name;
    return this.options.gitFixtures?.[`${String(repo.args.url)}@${String(name)}`];
  }

  private fromUnknownGit(v: Vertex): boolean {
    for (let cur: Vertex | undefined = v; cur; cur = cur.parent ? this.vertices.get(cur.parent) : undefined) {
      if (cur.field === "tree" && cur.type === "Directory") return !cur.tree;
    }
    return false;
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * Every vertex `digest` depends on (parents and ID arguments), itself included. A
   * content-addressed vertex is a root: its identity does not depend on where it came from.
   */
  closure(digest: string, into = new Set<string>()): Set<string> {
    const stack = [digest];
    while (stack.length) {
      const d = stack.pop()!;
      if (into.has(d)) continue;
      into.add(d);
      const v = this.vertices.get(d);
      if (!v) continue;
      if (v.parent && !v.content) stack.push(v.parent);
      stack.push(...v.refs);
    }
    return into;
  }

  /**
   * The environment a container's own calls set, in order (withEnvVariable, withoutEnvVariable),
   * Dockerfile builds included; what a base image brings of its own is not known to the double.
   */
  envOf(digest: string): Map<string, string> {
    const chain: Vertex[] = [];
    for (let v = this.vertices.get(digest); v; v = v.parent ? this.vertices.get(v.parent) : undefined) chain.unshift(v);
    const env = new Map<string, string>();
    for (const v of chain) {
      if (v.type !== "Container") continue;
      if (v.field === "withEnvVariable") {
        let value = String(v.args.value);
        if (v.args.expand === true) {
          // As the engine expands: the container's variables; an image's PATH is the default one.
          value = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string, b: string) => {
            const name = a ?? b;
            return env.get(name) ?? (name === "PATH" ? DEFAULT_PATH : "");
          });
        }
        env.set(String(v.args.name), value);
      }
      if (v.field === "withoutEnvVariable") env.delete(String(v.args.name));
    }
    return env;
  }

  /**
   * Executables the double knows a container holds, by directory: files of known trees copied
   * in with withDirectory, and the exact names a filter of an unknown tree keeps.
   */
  private placedExecutables(x: Vertex): Map<string, string> {
    const at = new Map<string, string>();
    for (let v: Vertex | undefined = x; v; v = v.parent ? this.vertices.get(v.parent) : undefined) {
      if (v.type !== "Container" || v.field !== "withDirectory") continue;
      const src = this.ref(v.args as Record<string, unknown>, "source");
      const dir = `/${norm(String(v.args.path))}`;
      const names = src?.tree
        ? [...src.tree.files.entries()].filter(([p, e]) => !p.includes("/") && e.executable).map(([p]) => p)
        : src?.field === "filter"
          ? ((src.args.include as string[] | undefined) ?? []).filter((n) => /^[A-Za-z0-9_.+-]+$/.test(n))
          : [];
      for (const n of names) if (!at.has(n)) at.set(n, dir);
    }
    return at;
  }

  /** An exec of a bare name the double knows was placed in a directory must find it on PATH, as the engine's would. */
  private checkPath(x: Vertex): void {
    const argv0 = ((x.args.args as string[] | undefined) ?? [])[0] ?? "";
    if (!argv0 || argv0.includes("/")) return;
    const dir = this.placedExecutables(x).get(argv0);
    if (!dir) return;
    const path = (this.envOf(x.digest).get("PATH") ?? DEFAULT_PATH).split(":");
    if (!path.includes(dir)) {
      const cmd = (x.args.args as string[]) ?? [];
      throw new GraphQLError(`process "${cmd.join(" ")}" did not complete successfully: exit code: 1`, {
        extensions: { _type: "EXEC_ERROR", cmd, exitCode: 1, stdout: "", stderr: `exec: "${argv0}": executable file not found in $PATH (it is in ${dir})` },
      });
    }
  }

  /**
   * Every cache volume the session mounted, as the engine tells volumes apart: by key, and by
   * the sharing and owner a mount passes (withMountedCache re-selects the volume with them).
   */
  cacheVolumes(): string[] {
    const ids = new Set<string>();
    for (const v of this.vertices.values()) {
      if (v.field !== "withMountedCache") continue;
      const volume = this.ref(v.args as Record<string, unknown>, "cache");
      const key = String(volume?.args.key ?? "?");
      const extra = ["sharing", "owner"].filter((k) => v.args[k] !== undefined).map((k) => `${k}=${String(v.args[k])}`);
      ids.add([key, ...extra].join(" "));
    }
    return [...ids].sort();
  }

  /** Run the execs a value needs, in creation order; raise the first failure like the engine. */
  evaluate(v: Vertex): void {
    if (v.evaluated) return;
    const execs = [...this.closure(v.digest)]
      .map((d) => this.vertices.get(d)!)
      .filter((x) => x && x.field === "withExec" && !x.evaluated)
      .sort((a, b) => a.seq - b.seq);
    for (const x of execs) {
      this.checkPath(x);
      const r = this.execResult(x);
      const expect = (x.args.expect as string | undefined) ?? "SUCCESS";
      const code = r.exitCode ?? 0;
      const ok = expect === "ANY" || (expect === "SUCCESS" ? code === 0 : code !== 0);
      if (!ok) {
        const cmd = (x.args.args as string[]) ?? [];
        throw new GraphQLError(`process "${cmd.join(" ")}" did not complete successfully: exit code: ${code}`, {
          extensions: { _type: "EXEC_ERROR", cmd, exitCode: code, stdout: r.stdout ?? "", stderr: r.stderr ?? "" },
        });
      }
      x.evaluated = true;
    }
    v.evaluated = true;
  }

  private execResult(x: Vertex): ExecResult {
    return this.options.onExec?.((x.args.args as string[]) ?? [], x) ?? {};
  }

  private lastExec(v: Vertex): ExecResult | undefined {
    for (let cur: Vertex | undefined = v; cur; cur = cur.parent ? this.vertices.get(cur.parent) : undefined) {
      if (cur.field === "withExec") return this.execResult(cur);
    }
    return undefined;
  }
}

const NONE = Symbol("none");

/** The PATH of an image that sets none of its own (Docker's default). */
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The schema's zero value for a leaf. */
function zero(t: GraphQLOutputType): unknown {
  const inner = unwrap(t);
  if (isListType(inner)) return [];
  const named = getNamedType(t);
  if (isEnumType(named)) return named.getValues()[0]?.value ?? null;
  switch (named.name) {
    case "String":
      return "";
    case "Int":
    case "Float":
      return 0;
    case "Boolean":
      return false;
    case "JSON":
      return "null";
    case "Platform":
      return "linux/amd64";
    case "Void":
      return null;
    default:
      return isNonNullType(t) ? "" : null;
  }
}
