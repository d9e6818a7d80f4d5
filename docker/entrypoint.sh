#!/bin/sh
# Entry point of the nodejs:containerless image: `containerless serve` with the engine of
# CONTAINERLESS_ENGINE (node, auto or native), on PORT (8080). Arguments are passed on to serve,
# so `docker run IMAGE --body-limit 10` works; `docker run IMAGE --engine auto` overrides the
# variable (serve takes the last --engine).
set -eu
engine=${CONTAINERLESS_ENGINE:-auto}
set -- --engine "$engine" "$@"
# --engine native serves one precompiled handler, named by CONTAINERLESS_HANDLER (the variable the
# ActionLoop launcher reads too).
if [ "$engine" = native ] && [ -n "${CONTAINERLESS_HANDLER:-}" ]; then
  set -- "$@" --handler "$CONTAINERLESS_HANDLER"
fi
# bin/containerless is a sh front: serve with auto or native execs the native runtime, with node
# it execs Node.js, so PID 1 is the server itself in every case (no wrapper process).
exec /nodejsAction/bin/containerless serve "$@"
