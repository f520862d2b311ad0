# Shared by the benchmark scripts: run a main class from the test sources against the built jar.
# usage: run_bench_main <class> [args...]   (after: mvn -B -q package -DskipTests)
run_bench_main() {
  local class=$1; shift
  local file="target/test-classes/${class//.//}.class"
  [ -f target/icnd.jar ] && [ -f "$file" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
  local cpfile; cpfile=$(mktemp)
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
  local cp; cp=$(cat "$cpfile"); rm -f "$cpfile"
  java -cp "target/test-classes:target/classes:$cp" "$class" "$@"
}
