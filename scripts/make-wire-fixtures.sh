#!/bin/sh
# Captures the small .pcap fixtures of shared/wire/*.test.ts from real loopback
# traffic (run as root, or with a tcpdump that has cap_net_raw). Re-run only to
# refresh them; the tests read the committed files.
set -eu
out="$(dirname "$0")/../shared/wire/fixtures"
mkdir -p "$out"

capture() { # name snaplen filter -- then the traffic script on stdin
  name=$1 snap=$2 filter=$3
  tcpdump -i lo --immediate-mode -U -s "$snap" -w "$out/$name.pcap" "$filter" 2>/dev/null &
  pid=$!
  sleep 1
  python3 -
  sleep 0.5
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

# TCP over IPv4: handshake with options, 5 bytes each way, FIN both sides.
capture tcp4 65535 'tcp port 47101' <<'PY'
import socket
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 47101)); srv.listen()
c = socket.create_connection(('127.0.0.1', 47101)); s, _ = srv.accept()
c.sendall(b'hello'); s.recv(5); s.sendall(b'world'); c.recv(5)
c.shutdown(socket.SHUT_WR); s.recv(1); s.close(); c.recv(1); c.close(); srv.close()
PY

# TCP over IPv6, then an RST (SO_LINGER 0).
capture tcp6 65535 'tcp port 47102' <<'PY'
import socket, struct
srv = socket.socket(socket.AF_INET6); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('::1', 47102)); srv.listen()
c = socket.create_connection(('::1', 47102)); s, _ = srv.accept()
c.sendall(b'ping'); s.recv(4)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close(); s.close(); srv.close()
PY

# UDP to a closed port, IPv4 and IPv6: the datagram and the ICMP port unreachable quoting it.
capture udp-unreachable 65535 'udp port 47103 or icmp or icmp6' <<'PY'
import socket
for fam, host in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
    u = socket.socket(fam, socket.SOCK_DGRAM); u.sendto(b'postcard', (host, 47103)); u.close()
PY

# The same TCP exchange cut at 60 bytes per packet: headers cut short.
capture truncated 60 'tcp port 47104' <<'PY'
import socket
srv = socket.socket(socket.AF_INET6); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('::1', 47104)); srv.listen()
c = socket.create_connection(('::1', 47104)); s, _ = srv.accept(); c.close(); s.close(); srv.close()
PY
ls -l "$out"
