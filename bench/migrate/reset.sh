#!/usr/bin/env bash
# The untimed preparation between benchmark runs (hyperfine --prepare), so the timed commands
# run without a shell:
#   reset.sh sqlite <file> [<template file>]     remove the database (or copy the template)
#   reset.sh postgresql <name> [<template db>]   recreate the database (from the template)
set -euo pipefail
case "$1" in
  sqlite)
    rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
    if [ $# -ge 3 ]; then cp "$3" "$2"; fi
    ;;
  postgresql)
    psql -X -q -v ON_ERROR_STOP=1 -d "$ATRIUM_TEST_PG_URL" \
      -c "DROP DATABASE IF EXISTS $2 WITH (FORCE)" \
      -c "CREATE DATABASE $2${3:+ TEMPLATE $3}" -c "CHECKPOINT"
    ;;
  *)
    echo "usage: reset.sh sqlite|postgresql <database> [<template>]" >&2
    exit 2
    ;;
esac
