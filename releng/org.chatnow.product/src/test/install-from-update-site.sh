#!/usr/bin/env bash
# Installs and uninstalls the optional features from the built update site into a copy of the built product, with
# the product's own p2 director, as a user's "Install New Software" does; checks the bundles come and go.
set -euo pipefail
product="$1"; repository="$2"; work="$3"; java="$4"
rm -rf "$work"; mkdir -p "$work"; cp -r "$product" "$work/chatnow"
cd "$work/chatnow"
launcher="$(ls plugins/org.eclipse.equinox.launcher_*.jar | head -n 1)"
director() { "$java" -jar "$launcher" -application org.eclipse.equinox.p2.director -nosplash "$@" > "$work/director.log" 2>&1; }
passed=0; failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; cat "$work/director.log"; fi; }
bundles=configuration/org.eclipse.equinox.simpleconfigurator/bundles.info
check "the product ships without the optional shared files feature" "! grep -q '^org.chatnow.ui.files,' $bundles"
director -repository "file:$repository" -installIU org.chatnow.files.feature.feature.group
check "installing org.chatnow.files.feature adds its bundle" "grep -q '^org.chatnow.ui.files,' $bundles"
check "it is an installed root" "director -listInstalledRoots && grep -q '^org.chatnow.files.feature.feature.group/' $work/director.log"
director -uninstallIU org.chatnow.files.feature.feature.group
check "uninstalling removes it again" "! grep -q '^org.chatnow.ui.files,' $bundles"
echo "p2 install test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
