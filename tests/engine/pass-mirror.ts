/**
 * The lab's stand-in for a firewall's mirror: an HTTP server on loopback passing requests
 * through to upstream hosts, logging every request it serves, so a test that points bakery's
 * mirror options at it sees what was fetched through them. Routes are named:
 *
 *   npx tsx tests/engine/pass-mirror.ts PORT LOG GIT_DIR ROUTE=UPSTREAM/...
 *
 * GET /<any>/<ROUTE>/<rest> answers what UPSTREAM/<rest> answers. <any> is the test's own prefix
 * (a new one per run, so the layers built through it are new). A route named `crates` is a
 * sparse index of crates.io: its config.json is the mirror's own, sending downloads back
 * through the route `crates-dl`. The route `git` serves the repositories under GIT_DIR over
 * git's smart HTTP (git http-backend). A prefix `auth-<hash>` makes a private mirror: every
 * request under it must authenticate, by basic authentication (git) or a token (cargo), whose
 * credentials' sha256 starts with <hash>; the index's config.json then says auth-required.
 * Prints "listening" once it accepts connections.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";

const [port, log, gitDir, ...specs] = process.argv.slice(2);
const routes = new Map(specs.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)] as const));
if (!port || !log || !gitDir || routes.size === 0 || [...routes].some(([name, up]) => !name || !/^https?:\/\/\S+\/$/.test(up))) {
  console.error("usage: pass-mirror.ts PORT LOG GIT_DIR ROUTE=UPSTREAM/...");
  process.exit(2);
}

/** The credentials a request gives: basic authentication's "user:password", or cargo's token as it is. */
function credentials(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  return h.startsWith("Basic ") ? Buffer.from(h.slice(6), "base64").toString("utf8") : h;
}

/** Whether a request may be served under `prefix`: anything for a public one, the right credentials for auth-<hash>. */
function allowed(prefix: string, req: IncomingMessage): boolean {
  if (!prefix.startsWith("auth-")) return true;
  const given = credentials(req);
  return given !== undefined && createHash("sha256").update(given).digest("hex").startsWith(prefix.slice(5));
}

/** Serve a git request with git http-backend (CGI): its headers parsed, its body streamed. */
function git(req: IncomingMessage, res: ServerResponse, rest: string, line: (status: number | string) => void): void {
  const q = rest.indexOf("?");
  const child = spawn("git", ["http-backend"], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: gitDir!,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: `/${q < 0 ? rest : rest.slice(0, q)}`,
      QUERY_STRING: q < 0 ? "" : rest.slice(q + 1),
      REQUEST_METHOD: req.method ?? "GET",
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
      GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
      REMOTE_ADDR: "127.0.0.1",
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let sent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (sent) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    const headers = head.subarray(0, end).toString("utf8").split("\r\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()] as const);
    const status = Number(headers.find(([k]) => k.toLowerCase() === "status")?.[1].split(" ")[0] ?? 200);
    line(status);
    res.writeHead(status, Object.fromEntries(headers.filter(([k]) => k.toLowerCase() !== "status")));
    res.write(head.subarray(end + 4));
    sent = true;
  });
  child.on("close", (code) => {
    if (!sent) {
      line(`error git http-backend exited ${code}`);
      res.writeHead(502);
    }
    res.end();
  });
}

createServer((req, res) => {
  const path = req.url ?? "/";
  const line = (status: number | string) => appendFileSync(log, `${req.method} ${path} ${status}\n`);
  const m = /^\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  const upstream = m ? routes.get(m[2]!) : undefined;
  if (!m || (upstream === undefined && m[2] !== "git")) {
    line(404);
    res.writeHead(404).end();
    return;
  }
  if (!allowed(m[1]!, req)) {
    line(401);
    res.writeHead(401, { "www-authenticate": 'Basic realm="bakery-lab"' }).end();
    return;
  }
  if (m[2] === "git") return git(req, res, m[3]!, line);
  if (m[2] === "crates" && m[3] === "config.json") {
    line(200);
    const config = { dl: `http://${req.headers.host}/${m[1]}/crates-dl/{crate}/{crate}-{version}.crate`, ...(m[1]!.startsWith("auth-") ? { "auth-required": true } : {}) };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
    return;
  }
  fetch(upstream! + m[3]!, { method: req.method === "HEAD" ? "HEAD" : "GET" })
    .then((up) => {
      line(up.status);
      // fetch has decoded the body: its encoding and length are not what is sent on
      const skip = ["content-encoding", "transfer-encoding", "connection", ...(up.headers.has("content-encoding") ? ["content-length"] : [])];
      res.writeHead(up.status, Object.fromEntries([...up.headers].filter(([k]) => !skip.includes(k))));
      if (up.body) Readable.fromWeb(up.body as ReadableStream).pipe(res);
      else res.end();
    })
    .catch((e: Error) => {
      line(`error ${e.message}`);
      res.writeHead(502).end();
    });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
