// Lints Python files with Ruff (its WebAssembly build from npm, @astral-sh/ruff-wasm-nodejs):
// node ruff-check.cjs MODULE_DIR [--fix] FILE_OR_DIR... ; prints one line per finding left, exits 1 if any.
// --fix applies the fixes Ruff offers (import order, unused imports) and reports what remains.
const fs = require("fs");
const path = require("path");
const { Workspace, PositionEncoding } = require(path.resolve(process.argv[2], "@astral-sh/ruff-wasm-nodejs"));

// The project's Ruff settings: pycodestyle errors and warnings, pyflakes, import order; 120 columns.
const settings = {
  ...Workspace.defaultSettings(),
  "line-length": 120,
  lint: { select: ["E", "F", "W", "I"], isort: { "known-first-party": ["kinora_model"] } },
};
const workspace = new Workspace(settings, PositionEncoding.Utf8);

function pythonFiles(target) {
  if (fs.statSync(target).isFile()) return [target];
  return fs.readdirSync(target, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) return ["work", "__pycache__"].includes(entry.name) ? [] : pythonFiles(full);
    return entry.name.endsWith(".py") ? [full] : [];
  });
}

// Applies each diagnostic's edits, last first so earlier positions stay valid; rows and columns are 1-based.
function applyFixes(text, diagnostics) {
  const lines = text.split("\n");
  const offset = (loc) => lines.slice(0, loc.row - 1).reduce((n, l) => n + l.length + 1, 0) + loc.column - 1;
  const edits = diagnostics.flatMap((d) => (d.fix ? d.fix.edits : []))
    .map((e) => ({ start: offset(e.location), end: offset(e.end_location), content: e.content || "" }))
    .sort((a, b) => b.start - a.start);
  let out = text, last = Infinity;
  for (const e of edits) {
    if (e.end > last) continue;        // overlapping fixes: keep the later one, the next run takes the rest
    out = out.slice(0, e.start) + e.content + out.slice(e.end);
    last = e.start;
  }
  return out;
}

const fix = process.argv[3] === "--fix";
let findings = 0;
for (const file of process.argv.slice(fix ? 4 : 3).flatMap(pythonFiles)) {
  if (fix) {
    const text = fs.readFileSync(file, "utf8");
    const fixed = applyFixes(text, workspace.check(text));
    if (fixed !== text) fs.writeFileSync(file, fixed);
  }
  for (const d of workspace.check(fs.readFileSync(file, "utf8"))) {
    findings++;
    console.log(`${file}:${d.start_location.row}:${d.start_location.column}: ${d.code} ${d.message}`);
  }
}
console.log(`ruff ${Workspace.version()}: ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
