/**
 * How a host command ends: its output written and drained, then its exit status. `process.exit`
 * does not wait for a pipe to take what was written, so a command that exits at once cuts its
 * output where the pipe's buffer ends (64 KiB).
 */

/** Write `text` to `stream` and wait until it has been handed on. */
function drained(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((done, fail) => stream.write(text, (e) => (e ? fail(e) : done())));
}

/** Write `out` to stdout and `err` to stderr, wait for both to drain, then exit with `code`. */
export async function exitWith(code: number, out = "", err = ""): Promise<never> {
  await Promise.all([drained(process.stdout, out), drained(process.stderr, err)]);
  process.exit(code);
}
