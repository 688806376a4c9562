#!/bin/sh
# RUSTC_WRAPPER on the Debian route (scripts/env.sh): lets the WebAssembly
# build — and only it — use `-Cpanic=immediate-abort`, the unstable panic
# strategy its standard library is built with (scripts/setup.sh). A panic
# in the browser then stops at once instead of formatting a message no
# resident reads; the wasm every phone downloads is ~9 % smaller (figures
# in the README). Native builds run the compiler untouched.
for arg in "$@"; do
  if [ "$arg" = wasm32-unknown-unknown ]; then
    RUSTC_BOOTSTRAP=1
    export RUSTC_BOOTSTRAP
    break
  fi
done
exec "$@"
