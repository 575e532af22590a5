// Validates Kubernetes manifests offline: node validate-manifests.mjs FILE... (multi-document YAML, e.g. the output
// of kubectl kustomize). Each object is checked
//  1. against the JSON schema of its apiVersion and kind, with the pinned validators of kubernetes-models (built-in
//     kinds) and @kubernetes-models/{flink,strimzi-kafka-operator,prometheus-operator} (the operators' CRDs); an
//     object of a kind none of them knows is an error, so nothing passes unchecked;
//  2. strictly: those schemas leave unknown fields alone, so every object of the manifest is watched while the schema
//     validator runs (a Proxy), and a key the validator never looked up is reported as unknown. Objects the schema
//     treats as maps (it enumerates their keys) or as opaque (it never looks inside, e.g. flinkConfiguration) pass.
// Prints one line per object and exits 1 when any object fails.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const SCHEMA_PACKAGES = {
  "flink.apache.org": "@kubernetes-models/flink",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "core.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelClass(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = SCHEMA_PACKAGES[group] ?? "kubernetes-models";
  const path = group === "" ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw e;
  }
}

/** A deep copy of value whose plain objects record the keys a validator reads. */
function watched(value, path, seen) {
  if (Array.isArray(value)) {
    return value.map((item, i) => watched(item, `${path}/${i}`, seen));
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  const target = {};
  for (const [key, child] of Object.entries(value)) {
    target[key] = watched(child, `${path}/${key}`, seen);
  }
  const record = { path, keys: Object.keys(target), read: new Set(), enumerated: false };
  seen.push(record);
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
}

function unknownFields(seen) {
  return seen
    .filter((r) => !r.enumerated && r.read.size > 0)
    .flatMap((r) => r.keys.filter((key) => !r.read.has(key)).map((key) => `${r.path}/${key}`));
}

async function validate(object) {
  const { apiVersion, kind } = object ?? {};
  const Model = apiVersion && kind ? await modelClass(apiVersion, kind) : undefined;
  if (!Model) {
    return [`no schema for apiVersion ${apiVersion} kind ${kind}`];
  }
  const seen = [];
  const data = watched(object, "", seen);
  try {
    Model.prototype.validate.call(data);
  } catch (e) {
    return [`schema: ${e.message}`];
  }
  return unknownFields(seen).map((field) => `unknown field ${field}`);
}

let failed = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      failed++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const errors = await validate(object);
    checked++;
    if (errors.length > 0) {
      failed++;
      for (const error of errors) console.log(`FAIL ${name}: ${error}`);
    } else {
      console.log(`ok   ${name}`);
    }
  }
}
console.log(`${checked} objects checked, ${failed} failed`);
process.exit(failed > 0 || checked === 0 ? 1 : 0);
