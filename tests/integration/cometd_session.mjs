// A GWS agent's notification session on the official CometD JavaScript client
// (cometd + cometd-nodejs-client), long-polling as a GWS 8.5 desktop does.
import { adapt } from "cometd-nodejs-client";
import { CometD } from "cometd";

adapt();

/** Handshakes with the agent's JSESSIONID, subscribes /v2/me/* into inbox, resolves with the client. */
export function connectCometD(url, agent, inbox) {
  const cometd = new CometD();
  cometd.unregisterTransport("websocket");
  cometd.unregisterTransport("callback-polling");
  cometd.configure({
    url: url + "/api/v2/notifications",
    requestHeaders: { Cookie: `JSESSIONID=${agent.cookies.get("JSESSIONID")}` },
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
