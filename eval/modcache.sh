#!/usr/bin/env bash
# Runs concurlint on every module of the machine's module cache that
# type-checks, one module at a time, to check the robustness requirement:
# no panic and no internal error on any module that type-checks.
#
#   nice -n 19 eval/modcache.sh OUTDIR
#
# Modules: the directories path@version of $(go env GOMODCACHE) (cache/
# left out), only the newest version of each module path, smallest first
# (ORDER=size, the default) or by path (ORDER=name). The list, with each
# directory's size, is kept in OUTDIR/modules.tsv and reused by later runs.
#
# Each module is copied to OUTDIR/work (the module cache is read-only and
# go may need to write go.sum; a module without go.mod gets the one the
# cache synthesised; replace directives to a directory, ../sibling, are
# dropped: they point out of the module's zip, and a module's users never
# apply them anyway), then, in the copy, with GOFLAGS=-mod=mod GOPROXY=off
# GOSUMDB=off GOWORK=off GOTOOLCHAIN=local (nothing is downloaded) and each
# step under `timeout $TIMEOUT`:
#
#   0. go list -e -test ./...       which packages load? A package counts
#      if it, its tests and all their dependencies load: the others import
#      a module that is not in the cache. If only some packages of ./...
#      load, steps 1 and 2 take those (PKGS) instead of ./...; if all or
#      none do, ./... (PARTIAL=0 leaves this step out: always ./...).
#   1. go vet -json -atomic PKGS    do they type-check?
#      This is plain go vet with one cheap analyzer: it loads, builds and
#      type-checks every package and its test files, as concurlint (a go
#      vet tool) does, and with -json its exit status is non-zero only for
#      load, build or type errors, never for a finding.
#   2. concurlint PKGS              only if step 1 exited 0.
#
# Classes (column 3 of OUTDIR/results.tsv):
#   skipped   step 1 failed (does not type-check, a dependency is not in the
#             cache, a newer go is needed, ...), timed out, or ./... matched
#             no packages; column 8 says which.
#   clean     concurlint exited 0.
#   findings  concurlint exited 3 (column 6: how many findings).
#   timeout   step 1 passed but concurlint ran out of time: look at it.
#   FAILURE   concurlint's stderr has "panic:", "fatal error:" or
#             "internal error", or a line naming a failed analyzer
#             ("[concurlint: ]ANALYZER on PKG: ..."), or concurlint exited
#             with anything but 0 or 3 although step 1 passed.
# results.tsv columns: module, version, class, seconds (concurlint),
# vet_seconds (steps 0 and 1), findings, packages ("all": ./..., K/N: the
# K of N packages that load, 0: skipped), note. The stderr of every
# FAILURE, timeout and skip is kept in OUTDIR/logs/. At the end (and with SUMMARY_ONLY=1,
# without running anything) a summary is printed: counts per class, total
# time, and each failure with the first lines of its stderr.
#
# Resumable: a module already in OUTDIR/results.tsv is not run again (delete
# its row, or the file, to redo it). Environment:
#   CONCURLINT=PATH  the binary to test (default: built from this checkout
#                    into OUTDIR/concurlint)
#   TIMEOUT=180      seconds for each step of a module
#   START=0          skip the first START modules of the ordered list
#   LIMIT=0          run at most LIMIT modules (0: no limit)
#   BUDGET=0         start no new module after BUDGET seconds (0: none)
#   MODULES=FILE     only the modules listed in FILE (path or path@version,
#                    one a line), instead of the whole cache
#   ORDER=size|name  the order of the list (default size)
#   KEEP=1           keep the module copies in OUTDIR/work
#   PARTIAL=0        no step 0: a module is analysed whole or not at all
#   SUMMARY_ONLY=1   only print the summary of OUTDIR/results.tsv
# Run one module at a time only (this script never runs two), under nice.
# bash reads a script as it runs it: to edit this one during a sweep, run a
# copy (bash /tmp/modcache.sh OUTDIR, with CONCURLINT set).
set -uo pipefail

out=${1:?usage: eval/modcache.sh OUTDIR (see the header for the environment)}
mkdir -p "$out/logs" "$out/work"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
results=$out/results.tsv
TIMEOUT=${TIMEOUT:-180}
START=${START:-0}
LIMIT=${LIMIT:-0}
BUDGET=${BUDGET:-0}
ORDER=${ORDER:-size}
modcache=$(go env GOMODCACHE)

# summary prints counts per class, the time spent, and every failure and
# concurlint timeout with the first lines of its stderr.
summary() {
	[[ -s $results ]] || { echo "no results in $results"; return; }
	echo "== summary of $results"
	awk -F'\t' 'NR > 1 { n++; c[$3]++; skipped += $3 == "skipped"; cl += $4; vet += $5; f += $6
			if ($3 != "skipped" && $7 != "all") { part++; split($7, q, "/"); pk += q[1]; pn += q[2] } }
		END {
			printf "modules tried: %d\n", n
			printf "type-checked:  %d (%d of them in part: %d of their %d packages)\n", n - skipped, part, pk, pn
			for (k in c) printf "  %-9s %d\n", k, c[k]
			printf "findings in all: %d\n", f
			printf "time: %.0f s go vet (step 1), %.0f s concurlint\n", vet, cl
		}' "$results"
	echo "skip reasons:"
	awk -F'\t' 'NR > 1 && $3 == "skipped" { sub(/:.*/, "", $8); r[$8]++ }
		END { for (k in r) printf "  %5d %s\n", r[k], k }' "$results" | sort -rn
	awk -F'\t' 'NR > 1 && ($3 == "FAILURE" || $3 == "timeout") { print $1 "\t" $2 "\t" $3 "\t" $8 }' "$results" |
		while IFS=$'\t' read -r mod ver class note; do
			echo "-- $class $mod@$ver: $note"
			log=$out/logs/$(echo "$mod@$ver" | tr '/' '_').concurlint.err
			# go vet's package headers and the findings left out
			[[ -f $log ]] && grep -vE '^#|^[^ 	].*\.go:[0-9]+(:[0-9]+)?: ' "$log" | head -n 12 | sed 's/^/   | /'
		done
}

if [[ ${SUMMARY_ONLY:-} == 1 ]]; then
	summary
	exit 0
fi

if [[ -z ${CONCURLINT:-} ]]; then
	CONCURLINT=$out/concurlint
	(cd "$here/.." && go build -o "$CONCURLINT" ./cmd/concurlint) || exit 1
fi

# drop_local_replaces drops the replace directives of DIR/go.mod whose
# target is a directory (replace x => ../x): the sibling modules of a
# repository they point to are not in the module's zip. Without them the
# required versions are used, from the cache, as when the module is built
# as a dependency, where its replace directives do not apply either.
drop_local_replaces() {
	local drops
	drops=$(cd "$1" && go mod edit -fmt -print 2>/dev/null | awk '
		/^replace \($/ { block = 1; next }
		block && /^\)$/ { block = 0; next }
		/^replace / { sub(/^replace /, ""); line = 1 }
		block || line {
			line = 0
			i = index($0, "=>"); if (!i) next
			split(substr($0, 1, i-1), old, " ")
			split(substr($0, i+2), new, " ")
			if (new[1] ~ /^(\.\/|\.\.\/|\/|\.$|\.\.$)/)
				print "-dropreplace=" old[1] (old[2] != "" ? "@" old[2] : "")
		}')
	# shellcheck disable=SC2086 # one flag a word
	if [[ -n $drops ]]; then
		(cd "$1" && go mod edit $drops)
	fi
}

# decode undoes the module cache's case encoding (!a is A).
decode() { sed 's/!\([a-z]\)/\u\1/g'; }

# The module list: path, version, directory, size in KB; the newest version
# of each path. Versions compare as semver: with the first - of the version
# made a ~, sort -V puts pre-releases and pseudo-versions before the release.
list=$out/modules.tsv
if [[ ! -s $list ]]; then
	echo "listing $modcache ..." >&2
	(cd "$modcache" && find . -path ./cache -prune -o -type d -name '*@*' -print -prune) |
		sed 's|^\./||' |
		awk '{ i = index($0, "@"); v = substr($0, i+1); k = v; sub(/-/, "~", k)
			print substr($0, 1, i-1) "\t" v "\t" k }' |
		sort -t$'\t' -k1,1 -k3,3V |
		awk -F'\t' '{ last[$1] = $2 } END { for (p in last) print p "\t" last[p] }' |
		sort >"$list.tmp"
	while IFS=$'\t' read -r enc ver; do
		dir=$modcache/$enc@$ver
		kb=$(du -sk "$dir" 2>/dev/null | cut -f1)
		printf '%s\t%s\t%s\t%s\n' "$(decode <<<"$enc")" "$ver" "$dir" "${kb:-0}"
	done <"$list.tmp" >"$list"
	rm -f "$list.tmp"
fi

todo=$(mktemp)
trap 'rm -f "$todo"' EXIT
if [[ $ORDER == size ]]; then
	sort -t$'\t' -k4,4n -k1,1 "$list"
else
	sort -t$'\t' -k1,1 "$list"
fi >"$todo"
if [[ -n ${MODULES:-} ]]; then
	awk -F'\t' 'NR == FNR { sub(/[ \t\r]+$/, ""); if ($0 != "") want[$0] = 1; next }
		want[$1] || want[$1 "@" $2]' "$MODULES" "$todo" >"$todo.m" && mv "$todo.m" "$todo"
fi
[[ -s $results ]] || printf 'module\tversion\tclass\tseconds\tvet_seconds\tfindings\tpackages\tnote\n' >"$results"

export GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off GOWORK=off GOTOOLCHAIN=local
failed_analyzer='^(concurlint: )?[A-Za-z_][A-Za-z0-9_]* on .+: '
t0=$SECONDS
n=0
i=0
total=$(wc -l <"$todo")
while IFS=$'\t' read -r mod ver dir kb <&3; do
	i=$((i + 1))
	((i <= START)) && continue
	((LIMIT > 0 && n >= LIMIT)) && break
	if ((BUDGET > 0 && SECONDS - t0 >= BUDGET)); then
		echo "budget of $BUDGET s spent: stopping before module $i of $total" >&2
		break
	fi
	if awk -F'\t' -v m="$mod" -v v="$ver" '$1 == m && $2 == v { found = 1 } END { exit !found }' "$results"; then
		continue
	fi
	n=$((n + 1))
	key=$(echo "$mod@$ver" | tr '/' '_')
	log=$out/logs/$key
	work=$out/work/$key
	rm -rf "$work"
	class='' note='' secs=0 vsecs=0 nfind=0
	if ! cp -r "$dir" "$work" 2>"$log.vet.err" || ! chmod -R u+w "$work"; then
		class=skipped note="cannot copy: $(head -n 1 "$log.vet.err")"
	elif [[ ! -f $work/go.mod ]]; then
		enc=${dir#"$modcache"/}
		cp "$modcache/cache/download/${enc%@*}/@v/$ver.mod" "$work/go.mod" 2>/dev/null
		chmod u+w "$work/go.mod" 2>/dev/null
	else
		drop_local_replaces "$work"
	fi

	s=$SECONDS
	pkgs=(./...) npkgs=all rc=0
	if [[ -z $class && ${PARTIAL:-1} == 1 ]]; then
		# The packages of ./... that load with all their dependencies and
		# those of their tests (the others need a module the cache lacks):
		# when only some do, steps 1 and 2 take just those. When none do,
		# or go list fails, step 1 on ./... tells why.
		(cd "$work" && timeout -k 10 "$TIMEOUT" go list -e -test \
			-f '{{.ImportPath}}	{{.ForTest}}	{{.Name}}	{{if or .Error .DepsErrors}}x{{end}}' ./... \
			</dev/null >"$log.list" 2>/dev/null)
		rc=$?
		if ((rc == 0)); then
			mapfile -t good < <(awk -F'\t' '
				$3 == "main" && $2 == "" && $1 ~ /\.test$/ { next }
				{ base = $2 != "" ? $2 : $1; all[base] = 1; if ($4 == "x") bad[base] = 1 }
				END { for (p in all) if (!bad[p]) print p }' "$log.list" | sort)
			ntotal=$(awk -F'\t' '!($3 == "main" && $2 == "" && $1 ~ /\.test$/) { print ($2 != "" ? $2 : $1) }' "$log.list" | sort -u | wc -l)
			if ((${#good[@]} > 0 && ${#good[@]} < ntotal)); then
				pkgs=("${good[@]}") npkgs="${#good[@]}/$ntotal"
			fi
		fi
		rm -f "$log.list"
	fi
	if [[ -z $class ]] && ((rc != 124 && rc != 137)); then
		(cd "$work" && timeout -k 10 "$TIMEOUT" go vet -json -atomic "${pkgs[@]}" </dev/null >/dev/null 2>"$log.vet.err")
		rc=$?
	fi
	vsecs=$((SECONDS - s))
	if [[ -n $class ]]; then
		:
	elif ((rc == 124 || rc == 137)); then
		class=skipped note="go list or go vet timed out after ${TIMEOUT}s"
	elif grep -q 'matched no packages' "$log.vet.err"; then
		class=skipped note="no packages: ./... matched no packages"
	elif ((rc != 0)); then
		class=skipped
		if grep -qE 'GOPROXY=off|cannot find module|no required module|missing go.sum|go.mod file not found|unknown revision' "$log.vet.err"; then
			why='a dependency is not in the cache'
		elif grep -qE 'requires go >=|requires go1|compile requires go|later version of Go|newer Go' "$log.vet.err"; then
			why='needs a newer go'
		else
			why='build or type error'
		fi
		note="does not type-check, $why: $(grep -vE '^#|^go: downloading ' "$log.vet.err" | head -n 1 | cut -c1-200)"
	fi

	if [[ -z $class ]]; then
		rm -f "$log.vet.err"
		s=$SECONDS
		(cd "$work" && timeout -k 10 "$TIMEOUT" "$CONCURLINT" "${pkgs[@]}" </dev/null >/dev/null 2>"$log.concurlint.err")
		rc=$?
		secs=$((SECONDS - s))
		err=$log.concurlint.err
		nfind=$(grep -cE '^[^ 	].*\.go:[0-9]+(:[0-9]+)?: [^	]' "$err")
		if grep -qE '^panic: |^fatal error: |internal error' "$err"; then
			class=FAILURE note="$(grep -m1 -E '^panic: |^fatal error: |internal error' "$err" | cut -c1-200)"
		elif grep -qE "$failed_analyzer" "$err"; then
			class=FAILURE note="$(grep -m1 -E "$failed_analyzer" "$err" | cut -c1-200)"
		elif ((rc == 124 || rc == 137)); then
			class=timeout note="concurlint timed out after ${TIMEOUT}s (go vet took ${vsecs}s)"
		elif ((rc == 0)); then
			class=clean
		elif ((rc == 3)); then
			class=findings
		else
			class=FAILURE note="exit $rc: $(grep -v '^#' "$err" | head -n 1 | cut -c1-200)"
		fi
		[[ $class == clean || $class == findings ]] && rm -f "$err"
	fi
	note=${note//$'\t'/ }
	[[ $class == skipped ]] && npkgs=0
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mod" "$ver" "$class" "$secs" "$vsecs" "$nfind" "$npkgs" "$note" >>"$results"
	printf '[%d/%d %ds] %-9s %s@%s (%s KB, packages %s) vet %ds concurlint %ds %s\n' \
		"$i" "$total" $((SECONDS - t0)) "$class" "$mod" "$ver" "$kb" "$npkgs" "$vsecs" "$secs" "$note" >&2
	[[ ${KEEP:-} == 1 ]] || rm -rf "$work"
done 3<"$todo"

echo "this run: $n modules in $((SECONDS - t0)) s" >&2
summary
