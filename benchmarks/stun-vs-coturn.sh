#!/usr/bin/env bash
# STUN Binding throughput on loopback: nat4j's stun-server and coturn's STUN side by side, in one run, with the same
# load generator (dev.nat4j.benchmarks.StunLoad). Every process started here is stopped by PID on exit.
#
#   benchmarks/stun-vs-coturn.sh [seconds-per-run (default 10)] [window (default 64)] [sockets (default 4)]
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-10}
WINDOW=${2:-64}
SOCKETS=${3:-4}
command -v turnserver >/dev/null || { echo "coturn is not installed (apt-get install -y coturn)" >&2; exit 1; }

echo "building..." >&2
mvn -q -B -DskipTests -pl benchmarks,examples -am package
CLI=examples/target/nat4j-cli.jar
BENCH=benchmarks/target/nat4j-benchmarks.jar

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
P_NAT4J=$(free_port)
P_COTURN=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -jar "$CLI" stun-server --listen "127.0.0.1:$P_NAT4J" >/tmp/nat4j-stun-bench.log 2>&1 &
PIDS+=($!)
turnserver -n --stun-only --no-cli --no-tls --no-dtls --listening-ip 127.0.0.1 --listening-port "$P_COTURN" \
    --log-file stdout --no-stdout-log --simple-log >/tmp/coturn-stun-bench.log 2>&1 &
PIDS+=($!)

# Wait until each answers a Binding request (bounded).
for port in "$P_NAT4J" "$P_COTURN"; do
  for _ in $(seq 1 100); do
    if java -cp "$BENCH" dev.nat4j.benchmarks.StunLoad --target "127.0.0.1:$port" --seconds 0.2 --window 1 --sockets 1 \
        2>/dev/null | grep -qv ' answered         0 '; then break; fi
    sleep 0.2
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1)"
echo "load: ${RUN_SECONDS}s per server, window $WINDOW per socket, $SOCKETS sockets, Binding requests of 20 bytes"
java -cp "$BENCH" dev.nat4j.benchmarks.StunLoad --target "127.0.0.1:$P_NAT4J" --seconds "$RUN_SECONDS" \
    --window "$WINDOW" --sockets "$SOCKETS" --label "nat4j  "
java -cp "$BENCH" dev.nat4j.benchmarks.StunLoad --target "127.0.0.1:$P_COTURN" --seconds "$RUN_SECONDS" \
    --window "$WINDOW" --sockets "$SOCKETS" --label "coturn "
