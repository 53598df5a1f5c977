// Validation against the OpenAPI 3.1 description of /sim/v1 (served at
// GET /sim/v1/openapi.json; docs/openapi/sim-v1.json): the document itself
// (@seriousme/openapi-schema-validator) and each control API answer (Ajv's
// JSON Schema 2020-12, the dialect of OpenAPI 3.1). Needs both packages (the
// helper's devDependencies): `import { openApiValidator } from "@ctisim/fixture/openapi"`.
import Ajv2020 from "ajv/dist/2020.js";
import { Validator } from "@seriousme/openapi-schema-validator";

const pointer = (...parts) => parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/**
 * @param {object} document the OpenAPI document (JSON)
 * @returns {Promise<{documentErrors: any, validateResponse: (r: {method: string, path: string, status: number, body: any}) => string[]}>}
 */
export async function openApiValidator(document) {
  const result = await new Validator().validate(document);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(document, "openapi");
  const templates = Object.keys(document.paths).map((template) => ({
    template,
    regex: new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
  }));
  const compiled = new Map();

  // A path the document does not list (404) or a method it does not list for a
  // path (405): the error body, as the document's info says.
  function errorSchema() {
    const ref = "openapi#/components/schemas/Error";
    if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
    return { validate: compiled.get(ref) };
  }

  function schemaFor(method, path, status) {
    const found = templates.find((t) => t.regex.test(path));
    if (!found && status === 404 && document.components?.schemas?.Error) return errorSchema();
    if (!found) return { error: `${path} is not in the document` };
    const operation = document.paths[found.template][method.toLowerCase()];
    if (!operation && status === 405 && document.components?.schemas?.Error) return errorSchema();
    if (!operation) return { error: `${method} ${found.template} is not in the document` };
    let key = String(status);
    if (!operation.responses[key]) key = "default";
    let response = operation.responses[key];
    if (!response) return { error: `${method} ${found.template} documents no HTTP ${status}` };
    let where = "#/" + pointer("paths", found.template, method.toLowerCase(), "responses", key);
    if (response.$ref) {
      where = response.$ref;
      response = response.$ref.split("/").slice(1).reduce((o, p) => o[p.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    }
    if (!response.content?.["application/json"]?.schema) return { error: `${method} ${found.template} ${status} has no JSON schema` };
    const ref = `openapi${where}/${pointer("content", "application/json", "schema")}`;
    if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
    return { validate: compiled.get(ref) };
  }

  return {
    /** null when the document is a valid OpenAPI 3.1 document, else the validator's errors. */
    documentErrors: result.valid ? null : result.errors,
    /** The ways a control API answer differs from the document ([] when none). */
    validateResponse({ method, path, status, body }) {
      const { validate, error } = schemaFor(method, path, status);
      if (error) return [error];
      if (validate(body)) return [];
      return validate.errors.map((e) => `${method} ${path} ${status}: ${e.instancePath || "/"} ${e.message}`);
    },
  };
}
