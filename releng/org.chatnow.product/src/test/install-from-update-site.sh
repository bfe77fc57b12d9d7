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
# each optional feature: feature id and its bundle
for optional in org.chatnow.files.feature:org.chatnow.ui.files org.chatnow.emoji.feature:org.chatnow.ui.emoji \
    org.chatnow.capture.feature:org.chatnow.ui.capture; do
  feature="${optional%%:*}"; bundle="${optional##*:}"
  check "the product ships without the optional $feature" "! grep -q '^$bundle,' $bundles"
  director -repository "file:$repository" -installIU "$feature.feature.group"
  check "installing $feature adds $bundle" "grep -q '^$bundle,' $bundles"
  check "$feature is an installed root" "director -listInstalledRoots && grep -q '^$feature.feature.group/' $work/director.log"
  director -uninstallIU "$feature.feature.group"
  check "uninstalling $feature removes $bundle again" "! grep -q '^$bundle,' $bundles"
done
echo "p2 install test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
