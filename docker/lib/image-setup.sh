#!/bin/sh
# Prepare the runtime image of a service: its run-time packages and an unprivileged user.
#
# usage: image-setup.sh USER [PACKAGE...]
#
# Installs PACKAGEs (if any) through apt-install.sh, then adds USER as a system user and group
# with no login shell and a home under /var/lib/USER owned by it, for the service's data.
set -eu

user=${1:?usage: image-setup.sh USER [PACKAGE...]}
shift
case "$user" in
    *[!a-z0-9_-]* | [!a-z_]*) echo "image-setup.sh: '$user' is not a valid user name" >&2; exit 2 ;;
esac
if [ "$#" -gt 0 ]; then
    "$(dirname "$0")/apt-install.sh" "$@"
fi
if ! id "$user" >/dev/null 2>&1; then
    adduser --system --group --home "/var/lib/$user" --shell /usr/sbin/nologin --disabled-login "$user"
fi
install -d -o "$user" -g "$user" -m 0750 "/var/lib/$user"
