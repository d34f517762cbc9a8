#!/usr/bin/env node
// Validates FHIR R4 (4.0.1) JSON resources with FHIR.js (the npm package fhir).
//
// Reads one JSON object from standard input, {"name": resource, ...}, validates
// every resource in one process and writes {"name": [message, ...], ...} to
// standard output, each message {severity, location, message} as FHIR.js gives
// it. Exits 0 when it could validate (whatever it found), 2 on bad input.
//
// FHIR.js checks element names, cardinality, required elements, data types,
// required value set bindings and reference target types against the R4
// StructureDefinitions it ships. Its primitive patterns are not anchored (a
// dateTime "2026-01-05 09:00" passes because it begins like one), so the
// primitives are checked here again against the whole value with the patterns
// of the R4 specification. Codes bound to a value set that FHIR.js does not
// ship (LOINC's observation codes, for one) cannot be checked by it: they are
// skipped, and each bundle gets one "info" message naming those value sets.
// FHIR.js also lets empty values through, which R4's JSON format forbids (an
// element has a value or children, ele-1): those are reported here as well.
"use strict";

const { Fhir } = require("fhir");

// R4 4.0.1 regular expressions of the primitive types, anchored.
const DATE_TIME =
  "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])" +
  "(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?";
const INSTANT =
  "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])" +
  "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
const PRIMITIVES = {
  id: "[A-Za-z0-9\\-\\.]{1,64}",
  code: "[^\\s]+(\\s[^\\s]+)*",
  dateTime: DATE_TIME,
  instant: INSTANT,
  date:
    "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?",
  time: "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?",
  uri: "\\S*",
  url: "\\S*",
  canonical: "\\S*",
};
const ANCHORED = Object.fromEntries(
  Object.entries(PRIMITIVES).map(([type, pattern]) => [type, new RegExp(`^(?:${pattern})$`)]),
);

function checkPrimitive(resource, property, location, value) {
  const pattern = ANCHORED[property._type];
  if (!pattern) {
    return [];
  }
  const values = Array.isArray(value) ? value : [value];
  return values
    .filter((one) => typeof one !== "string" || !pattern.test(one))
    .map((one) => ({
      severity: "error",
      location,
      resourceId: resource && resource.id,
      message: `Invalid ${property._type} ${JSON.stringify(one)}`,
    }));
}

function emptyValues(value, location, found) {
  if (value === null || value === "") {
    found.push({ location, what: value === null ? "null" : "an empty string" });
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      found.push({ location, what: "an empty array" });
    }
    value.forEach((item, index) => emptyValues(item, `${location}[${index}]`, found));
  } else if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      found.push({ location, what: "an empty object" });
    }
    // Inside a Bundle, name places from the entry's resource, as FHIR.js does.
    const here = typeof value.resourceType === "string" ? value.resourceType : location;
    keys.forEach((key) => emptyValues(value[key], `${here}.${key}`, found));
  }
  return found;
}

function validateOne(fhir, resource) {
  const unchecked = new Set();
  const options = {
    errorOnUnexpected: true,
    onBeforeValidateProperty: checkPrimitive,
    beforeCheckCode: (valueSetUrl) => {
      if (fhir.parser.parsedValueSets[valueSetUrl]) {
        return false;
      }
      unchecked.add(valueSetUrl);
      return true;
    },
  };
  const messages = fhir.validate(resource, options).messages.map((m) => ({
    severity: m.severity,
    location: m.location || "",
    resourceId: m.resourceId || "",
    message: m.message,
  }));
  for (const { location, what } of emptyValues(resource, "", [])) {
    messages.push({
      severity: "error",
      location,
      resourceId: (resource && resource.id) || "",
      message: `${what}: an element must have a value or children (ele-1)`,
    });
  }
  if (unchecked.size) {
    messages.push({
      severity: "info",
      location: "",
      resourceId: (resource && resource.id) || "",
      message: `codes not checked, value sets not in FHIR.js: ${[...unchecked].sort().join(", ")}`,
    });
  }
  return messages;
}

function validateAll(documents) {
  const fhir = new Fhir();
  const results = {};
  for (const [name, resource] of Object.entries(documents)) {
    results[name] = validateOne(fhir, resource);
  }
  return results;
}

function main() {
  const chunks = [];
  process.stdin.on("data", (chunk) => chunks.push(chunk));
  process.stdin.on("end", () => {
    let documents;
    try {
      documents = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      process.stderr.write(`validate_r4: standard input is not JSON: ${error.message}\n`);
      process.exit(2);
    }
    if (documents === null || typeof documents !== "object" || Array.isArray(documents)) {
      process.stderr.write('validate_r4: expected {"name": resource, ...} on standard input\n');
      process.exit(2);
    }
    process.stdout.write(JSON.stringify(validateAll(documents)));
  });
}

main();
