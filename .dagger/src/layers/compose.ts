/**
 * The Dockerfile one stage build needs, composed from the stage library's files. The engine keys
 * what a dockerBuild returns (and so every layer bakery builds on it) on the Dockerfile's text
 * and its build context, not only on the steps it converts to: a comment, or a stage the target
 * never reaches, would otherwise re-key every layer above it. So a build gets the stages its
 * target reaches and nothing else: no comments, one instruction per line, the global ARGs its
 * FROM lines use, and, as its context, only the files those stages copy.
 *
 * A stage picked by a build arg (`FROM os-${apt_sources}`) is resolved here, as BuildKit would
 * resolve it, and a stage that only renames another (a FROM and nothing else) is skipped, so a
 * build that picks none of the optional stages reads as if the library had none.
 */

/** One instruction: its keyword (upper case) and the rest of it, continuation lines joined. */
export interface Instruction {
  readonly op: string;
  readonly rest: string;
}

/** A stage: its FROM's base as written, its name, and its instructions after the FROM. */
interface Stage {
  readonly base: string;
  readonly name: string;
  readonly body: Instruction[];
}

/** What a build of one target is given: its Dockerfile, and the context paths its COPY instructions read. */
export interface Composed {
  readonly dockerfile: string;
  /** Paths of the build context the reached stages copy (files or directories), in order. */
  readonly copies: string[];
  /**
   * The ARGs the reached stages declare and no ENV of theirs sets, sorted: what BuildKit leaves in
   * the environment of the Container the build returns, for the module to clear (global ARGs
   * never reach a stage's environment).
   */
  readonly stageArgs: string[];
}

/**
 * Split Dockerfile text into instructions as BuildKit's parser reads it: comments and blank lines
 * dropped; a line ending in a backslash loses it (and what follows it on the line) and runs on
 * into the next line as written, its indentation kept, comment and blank lines between skipped.
 * So a RUN's command is the very string BuildKit makes of the multi-line form, and a step built
 * from the one-line form is the same step.
 */
export function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: string | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (/^\s*#/.test(line) || line.trim() === "") continue;
    const continued = /(^|[^\\])\\[ \t]*$/.test(line);
    const part = continued ? line.replace(/\\[ \t]*$/, "") : line;
    pending = pending === undefined ? part.trimStart() : pending + part;
    if (continued) continue;
    const m = /^([A-Za-z]+)\s+([^]*)$/.exec(pending);
    if (!m) throw new Error(`stage library: cannot read the instruction "${pending}"`);
    out.push({ op: m[1]!.toUpperCase(), rest: m[2]!.trimEnd() });
    pending = undefined;
  }
  if (pending !== undefined) throw new Error(`stage library: an instruction ends in a continuation: "${pending}"`);
  return out;
}

/** `${name}` and `$name` replaced from `vars` (unknown names are left as written). */
function expand(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, a: string | undefined, b: string | undefined) => vars.get((a ?? b)!) ?? whole);
}

/** A global ARG's name and default ("" when it has none). */
function argOf(rest: string): { name: string; value: string | undefined } {
  const eq = rest.indexOf("=");
  if (eq < 0) return { name: rest.trim(), value: undefined };
  return { name: rest.slice(0, eq).trim(), value: rest.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1") };
}

/** The names an ENV instruction sets (`A=1 B=2`; the legacy `ENV A 1` form is not used here). */
function envNames(rest: string): string[] {
  return [...rest.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]!);
}

/**
 * The build arguments a Dockerfile declares (ARG) and does not also set as ENV, sorted. BuildKit
 * puts every ARG that has a value into the environment of the RUN steps after it and of the
 * stages built on it, and the engine's conversion keeps that environment in the resulting
 * Container (util/llbtodagger at v0.21.8): these are the names a stage build's result must not keep.
 */
export function buildArgNames(text: string): string[] {
  const ins = instructions(text);
  const envs = new Set(ins.filter((i) => i.op === "ENV").flatMap((i) => envNames(i.rest)));
  return [...new Set(ins.filter((i) => i.op === "ARG").map((i) => argOf(i.rest).name))].filter((a) => !envs.has(a)).sort();
}

/** The `--from=<stage>` of a COPY, and the context paths it copies otherwise. */
function copyOf(rest: string): { from?: string; sources: string[] } {
  const words = rest.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith("--")) {
    const flag = words.shift()!;
    if (flag.startsWith("--from=")) from = flag.slice("--from=".length);
  }
  return { from, sources: from ? [] : words.slice(0, -1) };
}

/**
 * Compose the stage files (base first) into the Dockerfile that builds `target` with `args`:
 * the stages it reaches, in library order, each FROM naming its base stage as the build args
 * resolve it.
 */
export function composeStages(texts: readonly string[], target: string, args: Readonly<Record<string, string>>): Composed {
  const all = texts.flatMap(instructions);
  const firstFrom = all.findIndex((i) => i.op === "FROM");
  if (firstFrom < 0) throw new Error("stage library: no FROM in the stage files");
  const globals = all.slice(0, firstFrom);
  const bad = globals.find((g) => g.op !== "ARG");
  if (bad) throw new Error(`stage library: ${bad.op} before the first FROM (only ARG may come first)`);
  const vars = new Map<string, string>();
  for (const g of globals) {
    const { name, value } = argOf(g.rest);
    const v = args[name] ?? value;
    if (v !== undefined) vars.set(name, v);
  }

  const stages: Stage[] = [];
  for (const ins of all.slice(firstFrom)) {
    if (ins.op !== "FROM") {
      stages[stages.length - 1]!.body.push(ins);
      continue;
    }
    const m = /^(\S+) AS (\S+)$/i.exec(ins.rest);
    if (!m) throw new Error(`stage library: every stage is named (FROM <base> AS <name>); not "FROM ${ins.rest}"`);
    stages.push({ base: m[1]!, name: m[2]!.toLowerCase(), body: [] });
  }
  const byName = new Map(stages.map((s) => [s.name, s]));
  const stageNamed = (name: string): Stage | undefined => byName.get(name.toLowerCase());

  /**
   * What a FROM (or COPY --from) names, as the build args resolve it, a stage that only renames
   * another followed to its base: a stage that does something, or an image (or scratch) as written.
   */
  const resolve = (base: string): Stage | string => {
    let cur = base;
    for (let hops = 0; hops <= stages.length; hops++) {
      const st = stageNamed(expand(cur, vars));
      if (!st) return cur;
      if (st.body.length > 0) return st;
      cur = st.base;
    }
    throw new Error(`stage library: the stages renaming ${base} form a cycle`);
  };
  const named = (r: Stage | string): string => (typeof r === "string" ? r : r.name);

  const wanted = stageNamed(target);
  if (!wanted) throw new Error(`stage library: no stage "${target}"; stages: ${stages.map((s) => s.name).join(", ")}`);
  const reached = new Set<Stage>();
  const visit = (s: Stage): void => {
    if (reached.has(s)) return;
    reached.add(s);
    const b = resolve(s.base);
    if (typeof b !== "string") visit(b);
    for (const ins of s.body) {
      const from = ins.op === "COPY" ? copyOf(ins.rest).from : undefined;
      if (from === undefined) continue;
      const f = resolve(from);
      if (typeof f === "string") throw new Error(`stage library: COPY --from=${from} in stage ${s.name} names no stage`);
      visit(f);
    }
  };
  visit(wanted);

  const lines: string[] = [];
  const used = new Set<string>();
  const copies: string[] = [];
  const stageArgs = new Set<string>();
  const envs = new Set<string>();
  for (const s of stages.filter((x) => reached.has(x))) {
    const base = named(resolve(s.base));
    for (const m of base.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) used.add(m[1]!);
    lines.push(`FROM ${base} AS ${s.name}`);
    for (const ins of s.body) {
      let rest = ins.rest;
      if (ins.op === "COPY") {
        const c = copyOf(rest);
        if (c.from !== undefined) rest = rest.replace(`--from=${c.from}`, `--from=${named(resolve(c.from))}`);
        copies.push(...c.sources);
      }
      if (ins.op === "ARG") stageArgs.add(argOf(rest).name);
      if (ins.op === "ENV") for (const n of envNames(rest)) envs.add(n);
      lines.push(`${ins.op} ${rest}`);
    }
  }
  const head = globals.filter((g) => used.has(argOf(g.rest).name)).map((g) => `ARG ${g.rest}`);
  return { dockerfile: [...head, ...lines].join("\n") + "\n", copies: [...new Set(copies)], stageArgs: [...stageArgs].filter((a) => !envs.has(a)).sort() };
}
