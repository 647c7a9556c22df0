/**
 * The double's model of `Directory.dockerBuild`. Engine v0.21 parses the Dockerfile with
 * BuildKit's frontend and converts it into ordinary Dagger calls (llbtodagger): FROM → from,
 * RUN → withExec (cache mounts → withMountedCache), COPY → a content-hashed copy, ENV →
 * withEnvVariable. So identical stages in two builds are identical calls, built once. This
 * module does the same conversion in miniature, so the recorded graph shows stage sharing:
 *   - only the stages the target needs are built;
 *   - a build arg reaches a stage only if the stage declares it (ARG). An ARG that has a value
 *     (passed, its default, or the global ARG's) joins the stage's environment, as BuildKit's
 *     dockerfile2llb does (state.AddEnv), and stages built FROM it inherit it; an ARG with no
 *     value joins nothing. llbtodagger then sets that environment with withEnvVariable before
 *     every RUN and never unsets it: so each ARG in scope at a RUN keys that RUN and stays in
 *     the resulting Container's environment (the module must clear them);
 *   - COPY from the context keys on the copied files' content (v0.21.8), not the context, and
 *     a source that does not exist fails the build (lstat … no such file or directory);
 *   - a cache mount's id becomes the volume key "/" + id (no id: "/" + the target path), so a
 *     Dockerfile's cache and dag.cacheVolume(id) are two volumes.
 * It understands the instructions bakery's stage files use; anything else is an error, so a
 * stage file cannot silently outgrow the model.
 */

import { posix } from "node:path";

export interface Instruction {
  readonly op: string;
  /** Raw text after the instruction keyword (flags included). */
  readonly rest: string;
  readonly line: number;
}

export interface Stage {
  readonly name?: string;
  readonly index: number;
  readonly base: string;
  readonly body: Instruction[];
}

export interface Parsed {
  /** ARG instructions before the first FROM. */
  readonly globals: Instruction[];
  readonly stages: Stage[];
}

const SUPPORTED = new Set(["FROM", "ARG", "ENV", "RUN", "COPY", "WORKDIR", "USER", "LABEL", "EXPOSE", "ENTRYPOINT", "CMD"]);

/** Split a Dockerfile into instructions (comments dropped, continuations joined). */
export function parseDockerfile(text: string): Parsed {
  const instructions: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const start = i + 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, " ");
      let next = lines[++i]!;
      while (/^\s*#/.test(next) && i + 1 < lines.length) next = lines[++i]!;
      line += next;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${line.trim()}"`);
    const op = m[1]!.toUpperCase();
    if (!SUPPORTED.has(op)) throw new Error(`Dockerfile line ${start}: the engine double does not model ${op}`);
    if (/<<[-~]?["']?[A-Za-z]/.test(m[2]!)) throw new Error(`Dockerfile line ${start}: heredocs are not modelled`);
    instructions.push({ op, rest: m[2]!.trim(), line: start });
  }
  const globals: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === "FROM") {
      const fm = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.rest);
      if (!fm) throw new Error(`Dockerfile line ${ins.line}: cannot parse FROM ${ins.rest}`);
      stages.push({ base: fm[1]!, name: fm[2]?.toLowerCase(), index: stages.length, body: [] });
    } else if (stages.length === 0) {
      if (ins.op !== "ARG") throw new Error(`Dockerfile line ${ins.line}: ${ins.op} before the first FROM`);
      globals.push(ins);
    } else {
      stages[stages.length - 1]!.body.push(ins);
    }
  }
  return { globals, stages };
}

/** `${a}`, `$a`, `${a:-b}`, `${a:+b}` against a scope; unknown variables expand to "". */
export function expand(text: string, scope: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced, mod, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = scope.get(name);
    if (mod === "-") return value ? value : expand(word as string, scope);
    if (mod === "+") return value ? expand(word as string, scope) : "";
    return value ?? "";
  });
}

/** Split `k=v k2="v 2"` or legacy `k v` into pairs. */
function keyValues(rest: string, scope: ReadonlyMap<string, string>): [string, string][] {
  const tokens = rest.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  if (tokens.length >= 1 && !tokens[0]!.includes("=")) {
    return [[tokens[0]!, expand(rest.slice(tokens[0]!.length).trim(), scope)]];
  }
  return tokens.map((t) => {
    const eq = t.indexOf("=");
    const v = t.slice(eq + 1).replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
    return [t.slice(0, eq), expand(v, scope)];
  });
}

/** Leading `--flag=value` options of RUN/COPY, and what follows them. */
function flags(rest: string): { flags: [string, string][]; tail: string } {
  const out: [string, string][] = [];
  let tail = rest;
  for (;;) {
    const m = /^--([a-z-]+)(?:=(\S+))?\s+/.exec(tail);
    if (!m) break;
    out.push([m[1]!, m[2] ?? ""]);
    tail = tail.slice(m[0].length);
  }
  return { flags: out, tail };
}

/** A RUN's secret mount: the build's secret named `id`, given to the command as `env`; a required one must be there. */
export interface SecretMount {
  readonly id: string;
  readonly env: string;
  readonly required: boolean;
}

/** One step of a converted stage, in the terms of the Dagger API. */
export type Step =
  | { kind: "from"; address: string; platform: string }
  | { kind: "scratch"; platform: string }
  | { kind: "stage"; stage: number }
  /**
   * args: the ARG values in scope (for display); mounts: cache volumes by their engine key;
   * secrets: secret mounts by id (the build's secret of that name), as an environment variable.
   */
  | { kind: "exec"; command: string; args: Record<string, string>; mounts: { id: string; target: string; sharing: string }[]; secrets: SecretMount[] }
  | { kind: "env"; name: string; value: string }
  | { kind: "copy"; from?: number; sources: string[]; dest: string; chmod?: string; line: number }
  | { kind: "config"; op: string; value: string };

export interface StagePlan {
  readonly index: number;
  readonly name?: string;
  readonly steps: Step[];
  /** The stage's ENV at its end, inherited by stages built FROM it. */
  readonly env: ReadonlyMap<string, string>;
  /** Its ARGs that have values, inherited too (they are in BuildKit's state environment). */
  readonly args: ReadonlyMap<string, string>;
  /** The environment the converted container holds at the stage's end. */
  readonly containerEnv: ReadonlyMap<string, string>;
}

/** What an image's environment holds when the double cannot know it (Docker's default PATH). */
const IMAGE_ENV: ReadonlyMap<string, string> = new Map([["PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]]);

/**
 * Convert the stages needed for `target` (last stage if empty), in dependency order.
 * `buildArgs` override ARG defaults.
 */
export function planBuild(parsed: Parsed, target: string, buildArgs: Readonly<Record<string, string>>, platform: string): StagePlan[] {
  const globals = new Map<string, string>();
  for (const g of parsed.globals) {
    for (const [k, v] of keyValues(g.rest.includes("=") ? g.rest : `${g.rest}=`, globals)) globals.set(k, buildArgs[k] ?? v);
  }
  const byName = new Map(parsed.stages.filter((s) => s.name).map((s) => [s.name!, s]));
  const stageRef = (ref: string): Stage | undefined => byName.get(ref.toLowerCase()) ?? (/^\d+$/.test(ref) ? parsed.stages[Number(ref)] : undefined);
  const targetStage = target ? stageRef(target) : parsed.stages[parsed.stages.length - 1];
  if (!targetStage) throw new Error(`target stage "${target}" not found in the Dockerfile`);

  const plans = new Map<number, StagePlan>();
  const visit = (stage: Stage, path: number[]): void => {
    if (plans.has(stage.index)) return;
    if (path.includes(stage.index)) throw new Error(`Dockerfile stages form a cycle at ${stage.name ?? stage.index}`);
    const steps: Step[] = [];
    const base = expand(stage.base, globals);
    const baseStage = stageRef(base);
    let env: Map<string, string>;
    let args: Map<string, string>;
    let containerEnv: Map<string, string>;
    if (baseStage && baseStage.index < stage.index) {
      visit(baseStage, [...path, stage.index]);
      steps.push({ kind: "stage", stage: baseStage.index });
      const b = plans.get(baseStage.index)!;
      env = new Map(b.env);
      args = new Map(b.args);
      containerEnv = new Map(b.containerEnv);
    } else if (base === "scratch") {
      steps.push({ kind: "scratch", platform });
      env = new Map();
      args = new Map();
      containerEnv = new Map();
    } else {
      steps.push({ kind: "from", address: base, platform });
      env = new Map(IMAGE_ENV);
      args = new Map();
      containerEnv = new Map(IMAGE_ENV);
    }
    // The state's environment: ARG values, and ENV, which wins over an ARG of the same name.
    const scope = (): Map<string, string> => new Map([...args, ...env]);
    for (const ins of stage.body) {
      switch (ins.op) {
        case "ARG": {
          const eq = ins.rest.indexOf("=");
          const name = eq < 0 ? ins.rest.trim() : ins.rest.slice(0, eq).trim();
          const def = eq < 0 ? globals.get(name) : expand(ins.rest.slice(eq + 1).replace(/^"(.*)"$/, "$1"), scope());
          const value = buildArgs[name] ?? def;
          if (value !== undefined) args.set(name, value);
          break;
        }
        case "ENV":
          for (const [k, v] of keyValues(ins.rest, scope())) {
            env.set(k, v);
            containerEnv.set(k, v);
            steps.push({ kind: "env", name: k, value: v });
          }
          break;
        case "RUN": {
          const f = flags(ins.rest);
          const options = f.flags.filter(([k]) => k === "mount").map(([, v]) => Object.fromEntries(expand(v, scope()).split(",").map((kv) => kv.split("=") as [string, string])));
          for (const o of options) {
            if (o.type === "secret" && (!o.id || !o.env || o.target)) throw new Error(`Dockerfile line ${ins.line}: only secret mounts with an id and an env (no target) are modelled`);
            if (o.type !== "cache" && o.type !== "secret") throw new Error(`Dockerfile line ${ins.line}: only cache and secret mounts are modelled`);
          }
          const mounts = options
            .filter((o) => o.type === "cache")
            .map((o) => ({ id: `/${o.id ?? (posix.normalize(o.target!).replace(/(.)\/$/, "$1"))}`, target: o.target!, sharing: (o.sharing ?? "shared").toUpperCase() }));
          const secrets = options.filter((o) => o.type === "secret").map((o) => ({ id: o.id!, env: o.env!, required: o.required === "true" }));
          // llbtodagger sets the exec's whole environment before it; what is already set stays.
          for (const [k, v] of scope()) {
            if (containerEnv.get(k) === v) continue;
            containerEnv.set(k, v);
            steps.push({ kind: "env", name: k, value: v });
          }
          steps.push({ kind: "exec", command: f.tail, args: Object.fromEntries(args), mounts, secrets });
          break;
        }
        case "COPY": {
          const f = flags(ins.rest);
          const parts = expand(f.tail, scope()).split(/\s+/);
          const dest = parts.pop()!;
          const fromFlag = f.flags.find(([k]) => k === "from")?.[1];
          let from: number | undefined;
          if (fromFlag) {
            const s = stageRef(fromFlag);
            if (!s) throw new Error(`Dockerfile line ${ins.line}: COPY --from=${fromFlag} names no stage`);
            visit(s, [...path, stage.index]);
            from = s.index;
          }
          steps.push({ kind: "copy", from, sources: parts, dest, chmod: f.flags.find(([k]) => k === "chmod")?.[1], line: ins.line });
          break;
        }
        default:
          steps.push({ kind: "config", op: ins.op, value: expand(ins.rest, scope()) });
      }
    }
    plans.set(stage.index, { index: stage.index, name: stage.name, steps, env, args, containerEnv });
  };
  visit(targetStage, []);
  return [...plans.values()].sort((a, b) => a.index - b.index);
}
