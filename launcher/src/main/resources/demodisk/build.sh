#!/usr/bin/env bash
# Assembles the demo disk: demodisk.asm -> demodisk.bin (nasm -f bin), the boot sector and the
# program behind it; the launcher pads it to a 1.44 MB floppy image at run time.
#
#   build.sh          reassemble demodisk.bin
#   build.sh --check  verify that the committed demodisk.bin is what nasm makes of its source
#
# The work is done by tools/build-guests.sh at the top of the workspace.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$here"
while [ ! -x "$top/tools/build-guests.sh" ] && [ "$top" != / ]; do top="$(dirname "$top")"; done
exec "$top/tools/build-guests.sh" "$here" "$@"
