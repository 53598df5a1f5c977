// Every control API answer the helper's tests see is checked against the
// repository's OpenAPI document; a test fails at its end if one differed.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openApiValidator } from "../src/openapi.js";

export const documentPath = fileURLToPath(new URL("../../../docs/openapi/sim-v1.json", import.meta.url));
export const documentText = readFileSync(documentPath, "utf8");
export const validator = await openApiValidator(JSON.parse(documentText));

/** onResponse for startCtisim: collects differences; seen counts what was checked. */
export function collector() {
  const problems = [];
  const seen = new Set();
  return {
    problems,
    seen,
    onResponse(response) {
      seen.add(`${response.method} ${response.path.replace(/\/parties\/[^/]+\//, "/parties/{dn}/").replace(/\/dns\/[^/]+\//, "/dns/{dn}/")} ${response.status}`);
      problems.push(...validator.validateResponse(response));
    },
  };
}
