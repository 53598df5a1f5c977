// One agent's GWS session: HTTP Basic on the first request, then its
// JSESSIONID cookie (and the CSRF token when the sandbox asks for one), and a
// CometD long-polling session on /api/v2/notifications subscribed to /v2/me/*.
// No dependencies: Node 18+'s fetch.

export class Agent {
  /** @param {string} baseUrl @param {string} userName @param {string} password */
  constructor(baseUrl, userName, password) {
    this.baseUrl = baseUrl;
    this.userName = userName;
    this.password = password;
    this.cookies = new Map();
    this.csrf = null;
    /** Every notification received, oldest first: {channel, ...data}. */
    this.notifications = [];
    this.waiters = [];
    this.clientId = null;
    this.polling = null;
    this.closed = false;
    this.aborter = new AbortController();
  }

  headers(extra = {}) {
    const headers = { "Content-Type": "application/json", ...extra };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    else headers.Authorization = "Basic " + Buffer.from(`${this.userName}:${this.password}`).toString("base64");
    if (this.csrf) headers[this.csrf.header] = this.csrf.token;
    return headers;
  }

  remember(res) {
    for (const line of res.headers.getSetCookie?.() ?? [res.headers.get("set-cookie")].filter(Boolean)) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const header = res.headers.get("x-csrf-header");
    const token = res.headers.get("x-csrf-token");
    if (token) this.csrf = { header: header || "X-CSRF-TOKEN", token };
  }

  /**
   * One GWS request. Resolves with {status, json}.
   * @param {string} method @param {string} path e.g. "/api/v2/me/calls" @param {object} [body]
   */
  async request(method, path, body) {
    const res = await fetch(this.baseUrl + path, {
      method, headers: this.headers(), body: body === undefined ? undefined : JSON.stringify(body),
    });
    this.remember(res);
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  get(path) { return this.request("GET", path); }
  post(path, body) { return this.request("POST", path, body); }

  /** POST /api/v2/me {"operationName": ...}: StartContactCenterSession, Ready, NotReady ... */
  async me(operationName, fields = {}) {
    return (await this.post("/api/v2/me", { operationName, ...fields })).json;
  }

  /** POST an operation on a call: Answer, Hangup, Hold ... */
  async callOperation(callId, operationName, fields = {}) {
    return (await this.post(`/api/v2/me/calls/${callId}`, { operationName, ...fields })).json;
  }

  /** The agent's calls with every field. */
  async calls() {
    const { json } = await this.get("/api/v2/me/calls?fields=*");
    if (json?.statusCode !== 0) throw new Error(`GET /api/v2/me/calls: ${JSON.stringify(json)}`);
    return json.calls;
  }

  async bayeux(messages, signal) {
    const res = await fetch(`${this.baseUrl}/api/v2/notifications`, {
      method: "POST", headers: this.headers(), body: JSON.stringify(messages), signal,
    });
    this.remember(res);
    if (!res.ok) throw new Error(`CometD: HTTP ${res.status}`);
    return res.json();
  }

  /** Logs in (GET /api/v2/me), handshakes, subscribes /v2/me/* and starts long-polling. */
  async open() {
    const me = await this.get("/api/v2/me");
    if (me.status !== 200) throw new Error(`${this.userName} cannot log in: HTTP ${me.status} ${JSON.stringify(me.json)}`);
    this.user = me.json.user;
    const [hs] = await this.bayeux([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] }]);
    if (!hs.successful) throw new Error(`CometD handshake failed: ${JSON.stringify(hs)}`);
    this.clientId = hs.clientId;
    const replies = await this.bayeux([{ channel: "/meta/subscribe", clientId: this.clientId, subscription: "/v2/me/*" }]);
    const sub = replies.find((m) => m.channel === "/meta/subscribe");
    if (!sub?.successful) throw new Error(`CometD subscribe failed: ${JSON.stringify(replies)}`);
    this.deliver(replies);
    this.polling = this.poll();
    return this;
  }

  async poll() {
    while (!this.closed) {
      let replies;
      try {
        replies = await this.bayeux([{ channel: "/meta/connect", clientId: this.clientId, connectionType: "long-polling" }],
          this.aborter.signal);
      } catch (error) {
        if (this.closed) return;
        this.fail(error);
        return;
      }
      this.deliver(replies);
      const connect = replies.find((m) => m.channel === "/meta/connect");
      if (connect && !connect.successful) {
        if (!this.closed) this.fail(new Error(`CometD connect failed: ${JSON.stringify(connect)}`));
        return;
      }
    }
  }

  deliver(messages) {
    for (const m of messages) {
      if (m.channel.startsWith("/meta/")) continue;
      const notification = { channel: m.channel, ...m.data };
      this.notifications.push(notification);
      this.waiters = this.waiters.filter((w) => !w.offer(notification));
    }
  }

  fail(error) {
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }

  /**
   * The first notification (since the session opened, or after `since`, an
   * index into notifications) for which predicate is true; waits for it.
   * @param {(n: object) => boolean} predicate
   * @param {{timeoutMs?: number, since?: number}} [options]
   */
  waitForNotification(predicate, { timeoutMs = 5000, since = 0 } = {}) {
    const seen = this.notifications.slice(since).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.userName}: no matching notification within ${timeoutMs} ms ` +
          `(${this.notifications.length} received: ${this.notifications.map((n) => n.messageType + "/" + (n.notificationType ?? "")).join(", ")})`));
      }, timeoutMs);
      const waiter = {
        offer: (n) => {
          if (!predicate(n)) return false;
          clearTimeout(timer);
          resolve(n);
          return true;
        },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
      this.waiters.push(waiter);
    });
  }

  /** Disconnects the CometD session (the held /meta/connect is answered) and logs out. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    if (this.clientId) await this.bayeux([{ channel: "/meta/disconnect", clientId: this.clientId }]).catch(() => {});
    this.aborter.abort(); // the held /meta/connect, if the server still holds it
    await this.polling?.catch(() => {});
  }
}
