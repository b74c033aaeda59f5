# Shared by mask-bench's scripts (sourced from the project root): where the models are, and the machine facts
# recorded beside every result.

# Sets MASK4J_MODEL_DIR (default ../shared/models beside the project) and stops when it does not exist.
require_models() {
  export MASK4J_MODEL_DIR="${MASK4J_MODEL_DIR:-$PWD/../shared/models}"
  [ -d "$MASK4J_MODEL_DIR" ] || { echo "model directory $MASK4J_MODEL_DIR not found; set MASK4J_MODEL_DIR" >&2; exit 1; }
}

# Prints the machine's cores, CPU, JDK and load average, one "name: value" line each.
machine_facts() {
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "jdk: $(java -version 2>&1 | head -1)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Builds mask-bench/target/benchmarks.jar (and what it needs) unless $1 is 0.
build_bench() {
  if [ "${1:-1}" = 1 ]; then
    mvn -q -pl mask-bench -am package -DskipTests
  fi
}

# Makes and prints a new results folder, mask-bench/results/<UTC time>.
new_results_dir() {
  local out
  out=mask-bench/results/$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$out"
  echo "$out"
}
