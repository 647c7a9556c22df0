#!/bin/sh
# The entrypoint of the Complement testee image, and its key maker at build time.
#
# usage: complement-testee.sh --make-key     (at build: the TLS key and a self-signed certificate)
#        complement-testee.sh [ARG...]       (at start: configure for $SERVER_NAME, run the server)
#
# At start, Complement names the homeserver in $SERVER_NAME (hs1, hs2, …) and mounts its per-run
# CA at /complement/ca/ca.{crt,key}. The certificate is re-issued for that name, signed by that
# CA when it is there, so the test homeservers trust each other; the configuration template
# gets the name; then the server runs as
#   $BAKERY_TESTEE_WRAPPER $BAKERY_TESTEE $BAKERY_TESTEE_ARGS $BAKERY_TESTEE_EXTRA_ARGS ARG...
# (the wrapper, e.g. valgrind, and the extra arguments may be empty).
set -eu

state=/var/lib/complement-testee
tls=$state/tls
template=/usr/share/bakery/complement/homeserver.toml
ca=/complement/ca

issue() { # issue NAME: a certificate for NAME, CA-signed if the CA is mounted
    work=$(mktemp -d)
    printf 'subjectAltName=DNS:%s\n' "$1" >"$work/ext"
    openssl req -new -key "$tls/server.key" -subj "/CN=$1" -out "$work/csr" 2>/dev/null
    if [ -f "$ca/ca.crt" ] && [ -f "$ca/ca.key" ]; then
        openssl x509 -req -in "$work/csr" -CA "$ca/ca.crt" -CAkey "$ca/ca.key" -CAcreateserial \
            -CAserial "$work/serial" -days 7 -extfile "$work/ext" -out "$tls/server.crt" 2>/dev/null
    else
        openssl x509 -req -in "$work/csr" -signkey "$tls/server.key" -days 7 -extfile "$work/ext" \
            -out "$tls/server.crt" 2>/dev/null
    fi
    rm -rf "$work"
}

if [ "${1-}" = "--make-key" ]; then
    install -d -m 0700 "$tls"
    openssl genrsa -out "$tls/server.key" 2048 2>/dev/null
    chmod 0600 "$tls/server.key"
    issue localhost
    exit 0
fi

name=${SERVER_NAME:-}
case "$name" in
    '' | *[!A-Za-z0-9.:-]*)
        echo "complement-testee.sh: SERVER_NAME '$name' is not a server name (letters, digits, '.', '-', ':')" >&2
        exit 2
        ;;
esac
: "${BAKERY_TESTEE:?BAKERY_TESTEE (the server binary) is not set}"
[ -f "$tls/server.key" ] || { echo "complement-testee.sh: no TLS key in $tls (was the image built with --make-key?)" >&2; exit 2; }

issue "${name%%:*}"
sed "s|@SERVER_NAME@|$name|g" "$template" >"$state/homeserver.toml"

# Word splitting of the settings is intended: each is a list of arguments.
# shellcheck disable=SC2086
exec ${BAKERY_TESTEE_WRAPPER-} "$BAKERY_TESTEE" ${BAKERY_TESTEE_ARGS-} ${BAKERY_TESTEE_EXTRA_ARGS-} "$@"
