#!/usr/bin/env bash
# fitshots — the screenshot matrix of issue 23: every screen (and an open
# customer) in Chinese and English on a 1366×768 screen, and in Chinese at
# 125% scaling, into docs/screenshots/fit/. Run from the repository root:
#   tools/fitshots/fitshots.sh [SHOT]
# SHOT is the screenshot script (default ../shared/tools/shot); it needs Xvfb
# and ImageMagick (convert).
# The window opens on a demo folder (kehu demo) through the testaids build,
# whose KEHU_OPEN_SCREEN / KEHU_OPEN_CUSTOMER pick what to show, and is sized
# to the whole screen, as maximised (Xvfb has no window manager, and on Linux
# Kehu does not read the work area as it does on Windows).
set -euo pipefail
shot=${1:-../shared/tools/shot}
out=docs/screenshots/fit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -tags testaids -o "$work/kehu" .
KEHU_NOW=2026-12-07T10:00:00Z "$work/kehu" --data "$work/demo" demo --customers 60 --months 18 --seed 5 >/dev/null
mkdir -p "$out"
screens=("Home" "Customers" "Sales" "Complaints" "Key accounts" "Analysis" "Import/Export" "Settings")
name() { echo "$1" | tr 'A-Z/ ' 'a-z--'; }
snap() { # FILE LANG SCALE ENV...
	local file=$1 lang=$2 scale=$3
	shift 3
	env KEHU_NOW=2026-12-07T10:00:00Z KEHU_LANG="$lang" FYNE_SCALE="$scale" HOME="$work/home" "$@" \
		"$shot" --size 1366x768 --wait 3 --do "search --name Kehu windowsize %@ 1366 768" --do "sleep 2" \
		"$out/$file" "$work/kehu" --data "$work/demo" >/dev/null
	convert "$out/$file" -colors 256 "PNG8:$out/$file" # half the bytes, the same to the eye
	echo "$out/$file"
}
first=$("$work/kehu" --data "$work/demo" customer list --limit 1 --format csv | sed -n 2p | cut -d, -f2)
for lang in zh-CN en; do
	l=${lang%%-*}
	for s in "${screens[@]}"; do
		snap "$(name "$s")-$l.png" "$lang" 1 KEHU_OPEN_SCREEN="$s"
	done
	snap "customer-$l.png" "$lang" 1 KEHU_OPEN_CUSTOMER="$first"
done
for s in "${screens[@]}"; do
	snap "$(name "$s")-zh-125.png" zh-CN 1.25 KEHU_OPEN_SCREEN="$s"
done
snap "customer-zh-125.png" zh-CN 1.25 KEHU_OPEN_CUSTOMER="$first"
