// Prints a Prometheus rule file with one recording rule per query of the given Grafana
// dashboards, so that `promtool check rules` parses every query offline. Grafana's
// $__rate_interval is replaced by a fixed range first.
import { readFileSync } from "node:fs";

const rules = [];
for (const file of process.argv.slice(2)) {
  const dashboard = JSON.parse(readFileSync(file, "utf8"));
  for (const panel of dashboard.panels ?? []) {
    for (const target of panel.targets ?? []) {
      rules.push({
        record: `dashboard:panel${panel.id}:${target.refId}`,
        expr: target.expr.replaceAll("$__rate_interval", "5m"),
      });
    }
  }
}
if (rules.length === 0) throw new Error("no dashboard queries found");
// JSON is valid YAML, and keeps this script free of a YAML writer.
console.log(JSON.stringify({ groups: [{ name: "dashboard-queries", rules }] }, null, 2));
