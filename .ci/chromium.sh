#!/usr/bin/env bash
# Installs Debian's chromium for the web page's browser test
# (cmd/staffcast/browser_test.go) when no chromium is on PATH, and exports
# STAFFCAST_REQUIRE_CHROMIUM=1 so that the test fails, rather than skips,
# when the browser is still missing. Meant to be sourced by .ci/run:
#
#	. .ci/chromium.sh
#
# It installs with apt-get as root, or through sudo when sudo needs no
# password; a failed install is reported and left to the test to fail on.

staffcast_chromium_log() { echo "chromium.sh: $*" >&2; }

staffcast_chromium_install() {
	local as=()
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
			as=(sudo -n)
		else
			staffcast_chromium_log "not root and no password-less sudo: cannot install chromium"
			return 1
		fi
	fi
	staffcast_chromium_log "installing Debian's chromium"
	"${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
	"${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || return 1
}

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
	staffcast_chromium_install || staffcast_chromium_log "install failed: TestBrowser will fail"
fi
export STAFFCAST_REQUIRE_CHROMIUM=1
