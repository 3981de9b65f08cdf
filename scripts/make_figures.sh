#!/usr/bin/env bash
# Regenerate the README's figures from the bundled articles:
#   docs/images/report.png  the HTML report (govtext classify --format html) in headless Chromium
#   docs/images/shares.png  the stacked bar chart of govtext summarize --plot
# Needs govtext installed with matplotlib (pip install -e ".[test]"), Chromium and a CJK font
# (Debian: apt-get install chromium fonts-noto-cjk).  Usage: bash scripts/make_figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/images
work=$(mktemp -d docs/images/.work.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The two commands the README shows, writing into the scratch folder instead of the current one.
govtext classify corpus/articles/*.txt --format html --min-score 0.95 -o "$work/report.html"
govtext summarize corpus/articles/*.txt -o "$work/summary.csv" --plot "$work/shares.png"

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --force-color-profile=srgb \
  --user-data-dir="$work/profile" --window-size=1200,1600 \
  --screenshot="$work/report.png" "file://$PWD/$work/report.html" 2>/dev/null

mv -f "$work/report.png" docs/images/report.png
mv -f "$work/shares.png" docs/images/shares.png
echo "wrote docs/images/report.png docs/images/shares.png"
