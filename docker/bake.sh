#!/usr/bin/env bash
#
# docker/bake.sh: tuwunel's Docker Buildx Bake command line (its docker/bake.sh), on bakery.
#
# tuwunel built with `docker/bake.sh [target...]` (Docker Buildx Bake). This shim keeps that
# interface and runs the matching bakery functions with `dagger call` instead, so scripts and
# habits keep working while they move to bakery's own commands (which it prints).
#
# Usage:
#   docker/bake.sh [--print] [target...]   run (or with --print only print) the dagger commands
#   docker/bake.sh --list                  every bake target and group, and what it becomes
#   docker/bake.sh --help
#
# Targets are tuwunel's bake target and group names (see --list); without arguments they come from
# $bake_target (space-separated), else bake's `default` group.
#
# Environment:
#   cargo_profile, feat_set, … (each axis of AXES below)
#       one value each: bakery's constructor flags (--cargo-profile=… …); unset or empty: bakery's
#       default. bakery validates them and names the valid choices.
#   cargo_profiles, feat_sets, … (each axis's plural)
#       JSON arrays of names, e.g. cargo_profiles='["test","release"]'. When any is set, every
#       target runs over the matrix: `dagger call … matrix --cargo-profiles=… run --target=<target>`.
#       As in tuwunel's bake.sh, an axis without its array has one value: its singular variable,
#       else bake.sh's default. bakery's groups run the same way, as a matrix of one cell.
#   NO_BAKE=1       print the commands and run nothing (as --print).
#   bakery_name     name of exported binaries and packages (default: tuwunel).
#
# Exit status: 2 for a usage error (unknown or unprovided target, malformed variable), else the
# status of the first dagger command that fails.

set -euo pipefail

prog=docker/bake.sh

die() {
	printf '%s: %s\n' "$prog" "$1" >&2
	exit 2
}

usage() {
	sed -n '3,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# ------------------------------------------------------------------ the translation table
#
# bake_map NAME sets MAP (bakery targets, space-separated: a layer, clippy, a group or
# group:function) and NOTE (why, when the match is not one to one), or REFUSED (why bakery does
# not provide it). It returns 1 for a name bake does not have.

BAKE_TARGETS="system base runtime valgrind perf builder kitchen rustup rust
source source-rust ingredients preparing recipe rocksdb-fetch rocksdb-build rocksdb
deps-base deps-check deps-clippy deps-build deps-build-tests deps-build-bins
cargo check clippy build build-tests build-bins docs unit unit-valgrind integ integ-valgrind doc
fmt typos lychee audit book
install install-valgrind install-perf static docker oci ghcr_io docker_io
tests-smoke smoke-version smoke-startup smoke-valgrind smoke-perf smoke-nix
build-deb deb deb-install build-rpm rpm rpm-install apt-repo-install build-nix nix
complement-config complement-base complement-tester complement-testee
complement-tester-valgrind complement-testee-valgrind
complement-crypto-deps complement-crypto-base complement-crypto-tester
mas-testee playwright-base playwright-tester playwright-testee rust-sdk-integ rust-sdk-valgrind"

BAKE_GROUPS="default lints tests matrix-compliance complement complement-crypto mas playwright
integration smoke installs pkg publish deps sources systems"

not_provided() {
	MAP=""
	REFUSED=$1
}

publish_refusal() {
	not_provided "pushing needs a git ref and registry credentials, which this shim does not pass; use: dagger call [axis flags] publish --ref=<git ref> $1 --username=<user> --token=env:<TOKEN_VARIABLE> (--dry-run lists the references)"
}

# What bake's tests group ran, member by member (mas, playwright, complement-crypto aside).
BAKE_TESTS="tests:unit tests:doc tests:integ integration:rust-sdk-integ smokes:smoke-version smokes:smoke-startup complement"
BAKE_TESTS_NOTE="mas, playwright and complement-crypto are not provided by bakery; complement runs the suite and gates it on the baseline"

bake_map() {
	MAP=""
	NOTE=""
	REFUSED=""
	case $1 in
	# base systems
	system) MAP=system ;;
	base | builder) MAP=system NOTE="bakery's system layer holds the base and the build packages" ;;
	runtime) MAP=installs:install NOTE="bakery has no bare runtime image; install checks the binary's linkage in it" ;;
	valgrind) MAP=installs:install-valgrind NOTE="the valgrind runtime image, with the checked binary" ;;
	perf) MAP=installs:install-perf NOTE="the perf runtime image with the checked binary; bakery's really has perf" ;;
	kitchen) MAP=kitchen ;;
	# toolchain
	rustup | rust) MAP=rust ;;
	# source and dependency acquisition
	source | source-rust) MAP=recipe NOTE="bakery takes the workspace as a directory; recipe is the first layer that reads it" ;;
	ingredients | preparing | recipe) MAP=recipe ;;
	# RocksDB
	rocksdb-fetch | rocksdb-build | rocksdb) MAP=rocksdb ;;
	# dependency passes: bakery has two per cell, not five
	deps-base | cargo) MAP=cell-env NOTE="the cell's cargo environment: rustflags and profile overrides, no dependency pass" ;;
	deps-check | deps-clippy) MAP=deps-meta NOTE="one metadata pass shared by check, clippy and docs" ;;
	deps-build | deps-build-tests | deps-build-bins) MAP=deps-code NOTE="one code-generation pass shared by every build" ;;
	# workspace builds and their leaves
	build | build-tests | build-bins) MAP=$1 ;;
	check) MAP=lints:check ;;
	clippy) MAP=clippy ;;
	docs) MAP=pkg:docs ;;
	unit | unit-valgrind | integ | integ-valgrind | doc) MAP=tests:$1 ;;
	fmt | typos | lychee | audit) MAP=lints:$1 ;;
	book) MAP=pkg:book ;;
	# install and images
	install | install-valgrind | install-perf | static | docker | oci) MAP=installs:$1 ;;
	ghcr_io) publish_refusal ghcr-io ;;
	docker_io) publish_refusal docker-io ;;
	# smoke tests
	tests-smoke) MAP=smokes:smoke-startup NOTE="bake's template built the smoke-startup stage" ;;
	smoke-version | smoke-startup | smoke-valgrind | smoke-perf) MAP=smokes:$1 ;;
	smoke-nix) MAP=pkg:smoke-nix ;;
	# packages
	build-deb | deb) MAP=pkg:deb ;;
	deb-install) MAP=pkg:deb-install ;;
	build-rpm | rpm) MAP=pkg:rpm ;;
	rpm-install) MAP=pkg:rpm-install NOTE="needs a statically linked cell, e.g. cargo_profile=release" ;;
	build-nix | nix) MAP=pkg:nix ;;
	apt-repo-install) not_provided "it checks the package published on apt.f.dog, not this build; pkg deb-install checks the built .deb" ;;
	# Complement
	complement-config) MAP=complement:complement-testee NOTE="bakery's testee makes its key at build time and renders its configuration at start" ;;
	complement-base | complement-tester) MAP=complement:complement-tester ;;
	complement-tester-valgrind) MAP=complement:complement-tester NOTE="bake's valgrind tester was the tester built again" ;;
	complement-testee) MAP=complement:complement-testee ;;
	complement-testee-valgrind) MAP=complement:complement-valgrind NOTE="a Complement run with the server under valgrind; the image alone: dagger call complement complement-testee --valgrind" ;;
	complement-crypto-deps | complement-crypto-base | complement-crypto-tester) not_provided "bakery has no complement-crypto" ;;
	# MAS, Playwright, matrix-rust-sdk
	mas-testee) not_provided "bakery has no MAS testee" ;;
	playwright-base | playwright-tester | playwright-testee) not_provided "bakery has no Playwright tests" ;;
	rust-sdk-integ | rust-sdk-valgrind) MAP=integration:$1 ;;
	# groups
	default) MAP="lints $BAKE_TESTS" NOTE="lints and tests; $BAKE_TESTS_NOTE" ;;
	lints) MAP=lints NOTE="bakery's lints also run typos" ;;
	tests) MAP=$BAKE_TESTS NOTE=$BAKE_TESTS_NOTE ;;
	matrix-compliance) MAP=complement NOTE="complement-crypto is not provided by bakery" ;;
	complement) MAP=complement NOTE="bakery runs Complement and gates it on the baseline; bake built the images for a runner script" ;;
	complement-crypto) not_provided "bakery has no complement-crypto" ;;
	mas) not_provided "bakery has no MAS testee" ;;
	playwright) not_provided "bakery has no Playwright tests" ;;
	integration) MAP="tests:integ integration:rust-sdk-integ" ;;
	smoke) MAP="smokes:smoke-version smokes:smoke-startup" ;;
	installs) MAP="installs:install installs:static installs:docker installs:oci" NOTE="static needs a statically linked cell, e.g. cargo_profile=release" ;;
	pkg) MAP="pkg:nix pkg:deb pkg:rpm pkg:deb-install pkg:rpm-install" NOTE="rpm-install needs a statically linked cell, e.g. cargo_profile=release" ;;
	publish) publish_refusal "ghcr-io|docker-io" ;;
	deps) MAP="deps-meta deps-code" NOTE="bakery's two dependency passes" ;;
	sources) MAP=recipe ;;
	systems) MAP="installs:install installs:install-valgrind installs:install-perf" NOTE="bakery has no bare runtime images; each is built with the checked binary" ;;
	*) return 1 ;;
	esac
	return 0
}

list_table() {
	local kind names name
	for kind in target group; do
		if [[ $kind == target ]]; then names=$BAKE_TARGETS; else names=$BAKE_GROUPS; fi
		printf '# bake %ss\n' "$kind"
		for name in $names; do
			bake_map "$name"
			if [[ -n $REFUSED ]]; then
				printf '%-28s not provided: %s\n' "$name" "$REFUSED"
			else
				printf '%-28s %s%s\n' "$name" "$MAP" "${NOTE:+  ($NOTE)}"
			fi
		done
	done
}

# ------------------------------------------------------------------ the matrix variables

bad_json() {
	die "$1='$2' is not a JSON array of names ($3), e.g. $1='[\"a\",\"b\"]'"
}

# parse_list NAME: the JSON array of strings in $NAME, comma-joined into REPLY.
parse_list() {
	local name=$1 json=${!1} rest item joined=""
	local -a items=()
	rest=${json#"${json%%[![:space:]]*}"}
	[[ $rest == '['* ]] || bad_json "$name" "$json" "it does not start with ["
	rest=${rest:1}
	rest=${rest#"${rest%%[![:space:]]*}"}
	[[ $rest != ']'* ]] || bad_json "$name" "$json" "it is empty"
	while :; do
		[[ $rest == '"'* ]] || bad_json "$name" "$json" "expected a string at: ${rest:-end of value}"
		rest=${rest:1}
		[[ $rest == *'"'* ]] || bad_json "$name" "$json" "unterminated string"
		item=${rest%%'"'*}
		rest=${rest#*'"'}
		[[ -n $item ]] || bad_json "$name" "$json" "empty string"
		[[ $item != *,* ]] || die "$name: \"$item\" contains a comma, which cannot be passed on as one value"
		[[ $item =~ ^[A-Za-z0-9._-]+$ ]] || die "$name: \"$item\" has characters other than letters, digits, '.', '_' and '-'"
		items+=("$item")
		rest=${rest#"${rest%%[![:space:]]*}"}
		case $rest in
		','*)
			rest=${rest:1}
			rest=${rest#"${rest%%[![:space:]]*}"}
			;;
		']'*)
			rest=${rest:1}
			rest=${rest#"${rest%%[![:space:]]*}"}
			[[ -z $rest ]] || bad_json "$name" "$json" "text after the closing ]"
			break
			;;
		*) bad_json "$name" "$json" "expected , or ] at: ${rest:-end of value}" ;;
		esac
	done
	for item in "${items[@]}"; do
		joined+=${joined:+,}$item
	done
	REPLY=$joined
}

# ------------------------------------------------------------------ arguments

print_only=0
if [[ -n ${NO_BAKE:-} && ${NO_BAKE} != 0 ]]; then
	print_only=1
fi
case ${1:-} in
--print)
	print_only=1
	shift
	;;
--list)
	list_table
	exit 0
	;;
-h | --help)
	usage
	exit 0
	;;
esac

targets=()
if (($# > 0)); then
	targets=("$@")
elif [[ -n ${bake_target:-} ]]; then
	read -r -a targets <<<"$bake_target"
fi
if ((${#targets[@]} == 0)); then
	targets=(default)
fi

# The axes, in cell-name order: variable, constructor flag, plural variable, matrix flag, and
# bake.sh's default (bakery's constructor defaults are the same). bakery's matrix function
# ignores the constructor's axes and defaults its lists to bake.hcl's (12 cells), so every
# matrix call gets every axis's list.
# generated:axes (npm run docs writes them from .dagger/src/config/axes.ts AXES)
AXES="cargo_profile:cargo-profile:cargo_profiles:cargo-profiles:test
rust_toolchain:rust-toolchain:rust_toolchains:rust-toolchains:nightly
rust_target:rust-target:rust_targets:rust-targets:x86_64-unknown-linux-gnu
feat_set:feat-set:feat_sets:feat-sets:all
sys_name:sys-name:sys_names:sys-names:debian
sys_version:sys-version:sys_versions:sys-versions:testing-slim
sys_target:sys-target:sys_targets:sys-targets:x86_64-v1-linux-gnu"
# /generated:axes

ctor_flags=()   # the singular variables that are set
list_flags=()   # every axis's list, for matrix calls
over_matrix=0   # whether a plural variable is set
list_problem="" # a singular value that cannot be one value of a list
while IFS=: read -r one one_flag many many_flag default; do
	if [[ -n ${!many:-} ]]; then
		parse_list "$many"
		list_flags+=("--$many_flag=$REPLY")
		over_matrix=1
	elif [[ -n ${!one:-} ]]; then
		list_flags+=("--$many_flag=${!one}")
		if [[ ${!one} == *,* && -z $list_problem ]]; then
			list_problem="$one: \"${!one}\" contains a comma, so it cannot be one value of matrix's --$many_flag list"
		fi
	else
		list_flags+=("--$many_flag=$default")
	fi
	if [[ -n ${!one:-} ]]; then
		ctor_flags+=("--$one_flag=${!one}")
	fi
done <<<"$AXES"

name=${bakery_name:-tuwunel}

# ------------------------------------------------------------------ the commands

# The dagger arguments of one bakery target, in CMD.
command_for() {
	local target=$1 path=() export_path="" over=$over_matrix
	case $target in
	lints | tests | smokes | integration | complement | pkg | installs)
		# dagger check takes no constructor flags: a matrix of the one cell instead.
		over=1
		;;
	installs:oci) export_path=$name-oci.tar ;;
	installs:static) export_path=$name ;;
	pkg:deb) export_path=$name.deb ;;
	pkg:rpm) export_path=$name.rpm ;;
	pkg:book) export_path=$name-book ;;
	pkg:docs) export_path=$name-docs ;;
	esac
	CMD=(call "${ctor_flags[@]}")
	if ((over)); then
		[[ -z $list_problem ]] || die "$list_problem"
		CMD+=(matrix "${list_flags[@]}" run "--target=$target")
		return
	fi
	IFS=: read -r -a path <<<"$target"
	CMD+=("${path[@]}")
	if [[ -n $export_path ]]; then
		CMD+=(export "--path=$export_path")
	fi
}

# The command line of dagger's arguments, quoted for the shell where needed.
show() {
	local line=dagger arg
	for arg in "$@"; do
		if [[ $arg =~ ^[A-Za-z0-9._/:=,+@%-]+$ ]]; then
			line+=" $arg"
		else
			line+=" $(printf '%q' "$arg")"
		fi
	done
	printf '%s\n' "$line"
}

commands=()
seen=$'\n'
refused=0
for target in "${targets[@]}"; do
	if ! bake_map "$target"; then
		die "unknown target \"$target\"; docker/bake.sh --list shows bake's targets and groups and what each becomes"
	fi
	if [[ -n $REFUSED ]]; then
		printf '%s: %s: not provided: %s\n' "$prog" "$target" "$REFUSED" >&2
		refused=1
		continue
	fi
	if [[ -n $NOTE ]]; then
		printf '%s: note: %s -> %s: %s\n' "$prog" "$target" "$MAP" "$NOTE" >&2
	fi
	for bakery_target in $MAP; do
		command_for "$bakery_target"
		line=$(show "${CMD[@]}")
		if [[ $seen != *$'\n'"$line"$'\n'* ]]; then
			seen+=$line$'\n'
			commands+=("$line")
		fi
	done
done
((refused == 0)) || exit 2

if ((print_only)); then
	printf '%s\n' "${commands[@]}"
	exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
for line in "${commands[@]}"; do
	printf '+ %s\n' "$line" >&2
	# show quoted every argument for the shell, so reading the line back gives the same words.
	args=()
	eval "args=(${line#dagger })"
	status=0
	dagger "${args[@]}" || status=$?
	if ((status != 0)); then
		printf '%s: failed (status %d): %s\n' "$prog" "$status" "$line" >&2
		exit "$status"
	fi
done
printf 'ACCEPT\n' >&2
