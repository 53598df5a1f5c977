// A GWS agent's notification session on the official CometD JavaScript client
// (cometd + cometd-nodejs-client), long-polling as a GWS 8.5 desktop does.
import { adapt } from "cometd-nodejs-client";
import { CometD } from "cometd";
import { randomBytes } from "node:crypto";

adapt();

/**
 * Handshakes with the agent's JSESSIONID, subscribes /v2/me/* into inbox, resolves with the client.
 * ownBrowser: the client has a BAYEUX_BROWSER cookie of its own, as a desktop in its own browser
 * does; otherwise the clients of the process share the one the server set first, and the server
 * tells all but one of them to poll every few seconds (multiple-clients).
 */
export function connectCometD(url, agent, inbox, { ownBrowser = false } = {}) {
  const cometd = new CometD();
  cometd.unregisterTransport("websocket");
  cometd.unregisterTransport("callback-polling");
  let cookie = `JSESSIONID=${agent.cookies.get("JSESSIONID")}`;
  if (ownBrowser) {
    cometd.findTransport("long-polling").context = { cookieStore: {} }; // not the process's shared cookies
    cookie += `; BAYEUX_BROWSER=${randomBytes(8).toString("hex")}`;
  }
  cometd.configure({
    url: url + "/api/v2/notifications",
    requestHeaders: { Cookie: cookie },
    logLevel: "warn",
  });
  return new Promise((resolve, reject) => {
    cometd.handshake((reply) => {
      if (!reply.successful) return reject(new Error("handshake failed: " + JSON.stringify(reply)));
      cometd.subscribe("/v2/me/*", (message) => inbox.push({ channel: message.channel, ...message.data }),
        (sub) => (sub.successful ? resolve(cometd) : reject(new Error("subscribe failed: " + JSON.stringify(sub)))));
    });
  });
}
