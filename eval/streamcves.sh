#!/usr/bin/env bash
# Runs unboundedgo on the two public goroutine-per-stream denial-of-service
# cases, before and after their fixes, and checks that the stream rule
# reports the first and is silent on the second:
#
#   CVE-2023-39325 (HTTP/2 rapid reset), golang.org/x/net/http2:
#     before 88194ad8ab44, fixed in b225e7ca6dde
#   GHSA-m425-mq94-257g, google.golang.org/grpc:
#     before 313861efe5cf (the parent of the fix), fixed in f2180b4d5403
#
#   eval/streamcves.sh XNET_BEFORE XNET_AFTER GRPC_BEFORE GRPC_AFTER
#
# Each argument is a checkout of that commit (git clone, then git checkout)
# with its modules downloaded. Prints each run's stream findings; exits 1
# unless all four come out as expected.
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: eval/streamcves.sh XNET_BEFORE XNET_AFTER GRPC_BEFORE GRPC_AFTER" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/concurlint" "$here/../cmd/concurlint"

failed=0
# check NAME DIR PATTERN WANT: WANT is "reported" or "silent".
check() {
	local name=$1 dir=$2 pattern=$3 want=$4 start
	start=$(date +%s)
	(cd "$dir" && "$out/concurlint" -unboundedgo "$pattern" >"$out/$name.txt" 2>&1 </dev/null) || true
	grep -E 'one goroutine per (HEADERS frame|stream)' "$out/$name.txt" >"$out/$name.streams" || true
	local got=silent
	[[ -s $out/$name.streams ]] && got=reported
	printf '%-12s %-8s (want %s, %ds)\n' "$name" "$got" "$want" $(($(date +%s) - start))
	sed 's/^/    /' "$out/$name.streams"
	[[ $got == "$want" ]] || failed=1
}
check xnet-before "$1" ./http2 reported
check xnet-after "$2" ./http2 silent
check grpc-before "$3" . reported
check grpc-after "$4" . silent
exit $failed
