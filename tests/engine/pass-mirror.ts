/**
 * The lab's stand-in for a firewall's mirror: an HTTP server on loopback passing requests
 * through to upstream hosts, logging every request it serves, so a test that points bakery's
 * mirror options at it sees what was fetched through them. Routes are named:
 *
 *   npx tsx tests/engine/pass-mirror.ts PORT LOG ROUTE=UPSTREAM/...
 *
 * GET /<any>/<ROUTE>/<rest> answers what UPSTREAM/<rest> answers. <any> is the test's own prefix
 * (a new one per run, so the layers built through it are new). A route named `crates` is a
 * sparse index of crates.io: its config.json is the mirror's own, sending downloads back
 * through the route `crates-dl`. Prints "listening" once it accepts connections.
 */
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";

const [port, log, ...specs] = process.argv.slice(2);
const routes = new Map(specs.map((s) => [s.slice(0, s.indexOf("=")), s.slice(s.indexOf("=") + 1)] as const));
if (!port || !log || routes.size === 0 || [...routes].some(([name, up]) => !name || !/^https?:\/\/\S+\/$/.test(up))) {
  console.error("usage: pass-mirror.ts PORT LOG ROUTE=UPSTREAM/...");
  process.exit(2);
}

createServer((req, res) => {
  const path = req.url ?? "/";
  const m = /^\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  const upstream = m ? routes.get(m[2]!) : undefined;
  if (!m || upstream === undefined) {
    appendFileSync(log, `${req.method} ${path} 404\n`);
    res.writeHead(404).end();
    return;
  }
  if (m[2] === "crates" && m[3] === "config.json") {
    appendFileSync(log, `${req.method} ${path} 200\n`);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ dl: `http://${req.headers.host}/${m[1]}/crates-dl/{crate}/{crate}-{version}.crate` }));
    return;
  }
  fetch(upstream + m[3], { method: req.method === "HEAD" ? "HEAD" : "GET" })
    .then((up) => {
      appendFileSync(log, `${req.method} ${path} ${up.status}\n`);
      // fetch has decoded the body: its encoding and length are not what is sent on
      const skip = ["content-encoding", "transfer-encoding", "connection", ...(up.headers.has("content-encoding") ? ["content-length"] : [])];
      res.writeHead(up.status, Object.fromEntries([...up.headers].filter(([k]) => !skip.includes(k))));
      if (up.body) Readable.fromWeb(up.body as ReadableStream).pipe(res);
      else res.end();
    })
    .catch((e: Error) => {
      appendFileSync(log, `${req.method} ${path} error ${e.message}\n`);
      res.writeHead(502).end();
    });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));
