#!/usr/bin/env bash
# Assembles every guest program of this folder: NAME.asm -> NAME.bin (nasm -f bin).
#
#   build.sh          reassemble every .asm into its .bin
#   build.sh --check  verify that every committed .bin is what nasm makes of its source
#
# The work is done by tools/build-guests.sh at the top of the workspace.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$here"
while [ ! -x "$top/tools/build-guests.sh" ] && [ "$top" != / ]; do top="$(dirname "$top")"; done
exec "$top/tools/build-guests.sh" "$here" "$@"
