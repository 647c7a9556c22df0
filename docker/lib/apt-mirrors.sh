#!/bin/sh
# Point apt's sources at mirrors, or put the image's own sources back.
#
# usage: apt-mirrors.sh rewrite FROM=TO...    each source URL starting with FROM is fetched from
#                                            TO + the rest (the longest matching FROM wins)
#        apt-mirrors.sh restore              the sources as they were before `rewrite`
#
# Rewrites one-line sources (sources.list, *.list) and deb822 ones (*.sources, their URIs
# field) under APT_ETC (default /etc/apt), keeping each original under APT_KEEP (default
# /usr/local/lib/bakery/apt-sources) for `restore`. Fails, listing apt's sources, when no rule
# matches any of them: a mirror that redirects nothing would let apt reach the network.
set -eu

etc=${APT_ETC:-/etc/apt}
keep=${APT_KEEP:-/usr/local/lib/bakery/apt-sources}

case "${1:-}" in
rewrite)
    shift
    [ "$#" -gt 0 ] || { echo "apt-mirrors.sh: rewrite needs FROM=TO rules" >&2; exit 2; }
    changed=0
    for f in "$etc"/sources.list "$etc"/sources.list.d/*.list "$etc"/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v rules="$*" '
            BEGIN { n = split(rules, r, " "); for (i = 1; i <= n; i++) { e = index(r[i], "="); from[i] = substr(r[i], 1, e - 1); to[i] = substr(r[i], e + 1) } }
            function mirrored(u,   i, best, len) {
                best = 0; len = -1
                for (i = 1; i <= n; i++) if (index(u, from[i]) == 1 && length(from[i]) > len) { best = i; len = length(from[i]) }
                return best ? to[best] substr(u, len + 1) : u
            }
            tolower($1) == "uris:" { line = $1; for (i = 2; i <= NF; i++) line = line " " mirrored($i); print line; next }
            $1 == "deb" || $1 == "deb-src" {
                # one-line form: deb [options] URI suite components; options may hold spaces
                i = 2
                if (substr($2, 1, 1) == "[") { while (i < NF && substr($i, length($i)) != "]") i++; i++ }
                $i = mirrored($i); print; next
            }
            { print }
        ' "$f" >"$f.mirrored"
        if cmp -s "$f" "$f.mirrored"; then
            rm -f "$f.mirrored"
        else
            rel=${f#"$etc"/}
            mkdir -p "$keep/$(dirname "$rel")"
            cp -p "$f" "$keep/$rel"
            cat "$f.mirrored" >"$f"
            rm -f "$f.mirrored"
            changed=1
        fi
    done
    if [ "$changed" -eq 0 ]; then
        echo "apt-mirrors.sh: no apt source starts with a mirrored prefix ($*); apt's sources:" >&2
        grep -h -i -E '^[[:space:]]*(deb|deb-src|URIs:)[[:space:]]' "$etc"/sources.list "$etc"/sources.list.d/* >&2 2>/dev/null || true
        exit 1
    fi
    ;;
restore)
    if [ -d "$keep" ]; then
        (cd "$keep" && find . -type f) | while read -r f; do cat "$keep/$f" >"$etc/${f#./}"; done
        rm -rf "$keep"
    fi
    ;;
*)
    echo "usage: apt-mirrors.sh rewrite FROM=TO... | apt-mirrors.sh restore" >&2
    exit 2
    ;;
esac
