#!/usr/bin/env bash
# Renders every PDF in a folder to PNG pages (page-1.png, page-2.png, …) for visual review.
# Usage: scripts/render-pdf-png.sh [folder] [dpi]
#   folder defaults to out/pdf; PNGs are written next to the PDFs as <name>-<page>.png.
# To produce the sample reports first:
#   SENDAI_PDF_OUT=$PWD/out/pdf dotnet test tests/Sendai.Cbt.Reports.Tests --filter "FullyQualifiedName~Samples"
# Needs pdftoppm (Debian: apt-get install -y poppler-utils).
set -euo pipefail
dir="${1:-out/pdf}"
dpi="${2:-80}"
if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "pdftoppm not found: install poppler-utils (apt-get install -y poppler-utils)" >&2
  exit 1
fi
shopt -s nullglob
pdfs=("$dir"/*.pdf)
if [ ${#pdfs[@]} -eq 0 ]; then
  echo "no PDF in $dir" >&2
  exit 1
fi
for pdf in "${pdfs[@]}"; do
  base="${pdf%.pdf}"
  rm -f "$base"-*.png
  pdftoppm -r "$dpi" -png "$pdf" "$base"
  echo "$pdf -> $(ls "$base"-*.png | wc -l) page(s)"
done
