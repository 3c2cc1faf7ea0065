// A loopback HTTP server that records what clients send and replies with
// whatever the current test registered.
//
// Every client is pointed at its own path prefix, `/<side>/<scenario>/api/v1`,
// so a recorded request is attributed to the SDK or the crate without adding
// any header that would disturb the header comparison.

import http from "node:http";

export class RecordingServer {
  constructor() {
    /** @type {Map<string, Array<{method: string, path: string, headers: Record<string, string>, raw: string}>>} */
    this.records = new Map();
    /** @type {Map<string, {status: number, headers: Record<string, string>, chunks: Array<Buffer|string>}>} */
    this.replies = new Map();
    this.server = http.createServer((req, res) => this.#handle(req, res));
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = this.server.address();
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop() {
    this.server.closeAllConnections?.();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The base URL (ending in `/api/v1`) a client should use for `key`. */
  baseUrl(key) {
    return `${this.origin}/${key}/api/v1`;
  }

  /** Registers the reply for requests under `key`. */
  reply(key, reply) {
    this.replies.set(key, reply);
  }

  /** Returns and forgets what was recorded under `key`. */
  take(key) {
    const r = this.records.get(key) ?? [];
    this.records.delete(key);
    return r;
  }

  #handle(req, res) {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      const m = /^\/(.+)\/api\/v1(\/.*)$/.exec(url.pathname);
      const key = m ? m[1] : "";
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      const rec = { method: req.method, path: m ? m[2] : url.pathname, headers, raw: Buffer.concat(chunks).toString("utf8") };
      if (!this.records.has(key)) this.records.set(key, []);
      this.records.get(key).push(rec);
      const reply = this.replies.get(key);
      if (!reply) {
        res.writeHead(599, { "content-type": "text/plain" });
        res.end(`no reply registered for ${key}`);
        return;
      }
      res.writeHead(reply.status, reply.headers);
      // Chunks are written one by one so that framing split across reads is
      // exercised too; the last one ends the response.
      const parts = reply.chunks.slice();
      const next = () => {
        if (parts.length === 0) return res.end();
        res.write(parts.shift(), next);
      };
      next();
    });
  }
}
