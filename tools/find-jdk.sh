# Sourced by Kinora's scripts (kinora, tools/embed-captions): finds a JDK 21 or newer.

# Prints the Java feature version (17, 21, 25, ...) of a java binary, or nothing.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { sub(/^1\./, "", $2); print $2; exit }'
}

is_modern_java() {
  local java="$1" major
  [[ -x "$java" ]] || return 1
  major="$(java_major "$java")"
  [[ -n "$major" && "$major" -ge 21 ]]
}

# JAVA_HOME if it is 21+, else `java` on PATH if 21+, else the newest 21+ under /usr/lib/jvm.
find_java() {
  if [[ -n "${JAVA_HOME:-}" ]] && is_modern_java "$JAVA_HOME/bin/java"; then
    echo "$JAVA_HOME/bin/java"; return 0
  fi
  local on_path
  on_path="$(command -v java || true)"
  if [[ -n "$on_path" ]] && is_modern_java "$on_path"; then
    readlink -f "$on_path"; return 0
  fi
  local best="" best_major=0 candidate major
  for candidate in /usr/lib/jvm/*/bin/java; do
    is_modern_java "$candidate" || continue
    major="$(java_major "$candidate")"
    if (( major > best_major )); then best="$candidate"; best_major="$major"; fi
  done
  [[ -n "$best" ]] && { echo "$best"; return 0; }
  return 1
}

